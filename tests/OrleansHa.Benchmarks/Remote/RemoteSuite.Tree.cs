namespace OrleansHa.Benchmarks.Remote;

public sealed partial class RemoteSuite
{
    /// <summary>
    /// (b) First copy of a tree of small files (1–4 KiB in 100 directories) to an empty target on each side, one run
    /// each, ours first; (c) re-syncs of that tree with nothing changed, rounds turning the order, medians compared.
    /// </summary>
    private static async Task<IReadOnlyList<BenchmarkResult>> SmallFilesAsync(Sides sides, CancellationToken cancellationToken)
    {
        var count = sides.Quick ? 5_000 : 50_000;
        var rounds = sides.Quick ? 2 : 3;
        var source = Path.Combine(sides.Sources, "b");
        sides.Log($"(b) creating {count:N0} files of 1–4 KiB in 100 directories");
        RemoteFiles.CreateSmallTree(source, count, seed: 12);

        Tool.Run("sync", []);
        var firstOurs = await sides.Ours.SyncAsync(source, "b", null, cancellationToken);
        Tool.Run("sync", []);
        var firstRsync = await sides.Rsync.PushAsync(source, "b", [], null, cancellationToken);
        RemoteFiles.SameCount(count, Path.Combine(sides.Ours.DestinationRoot, "b"), Path.Combine(sides.Rsync.ModulePath, "b"));
        sides.Log($"(b) first copy: ours {firstOurs.Seconds:0.00} s ({firstOurs.Report!.FilesCopied:N0} copied, {(firstOurs.Up + firstOurs.Down) / 1e6:0.0} MB), "
            + $"rsync {firstRsync.Seconds:0.00} s ({(firstRsync.Up + firstRsync.Down) / 1e6:0.0} MB; --stats {firstRsync.StatsSent:N0} + {firstRsync.StatsReceived:N0})");

        var oursRuns = new List<OursRun>();
        var rsyncRuns = new List<RsyncRun>();
        for (var round = 0; round < rounds; round++)
        {
            for (var side = 0; side < 2; side++)
            {
                Tool.Run("sync", []);
                if ((side + round) % 2 == 0)
                {
                    oursRuns.Add(await sides.Ours.SyncAsync(source, "b", null, cancellationToken));
                }
                else
                {
                    rsyncRuns.Add(await sides.Rsync.PushAsync(source, "b", [], null, cancellationToken));
                }
            }

            sides.Log($"(c) re-sync round {round + 1}: ours {oursRuns[^1].Seconds:0.000} s ({oursRuns[^1].Report!.FilesCopied:N0} copied, {(oursRuns[^1].Up + oursRuns[^1].Down) / 1e6:0.000} MB), "
                + $"rsync {rsyncRuns[^1].Seconds:0.000} s ({(rsyncRuns[^1].Up + rsyncRuns[^1].Down) / 1e6:0.000} MB)");
        }

        Directory.Delete(source, recursive: true);
        var (ours, rsync) = (oursRuns[^1], rsyncRuns[^1]);
        return
        [
            Time($"(b) first copy, {count:N0} × 1–4 KiB in 100 dirs: time", firstOurs.Seconds, firstRsync.Seconds, "rsync -a"),
            Bytes("(b) first copy: wire bytes both ways", firstOurs.Up + firstOurs.Down, firstRsync.Up + firstRsync.Down, "rsync -a", "-", null),
            Time($"(c) re-sync of (b), nothing changed: time (median of {rounds})", RemoteFiles.Median(oursRuns.Select(x => x.Seconds)), RemoteFiles.Median(rsyncRuns.Select(x => x.Seconds)), "rsync -a"),
            Bytes("(c) re-sync of (b): wire bytes both ways", ours.Up + ours.Down, rsync.Up + rsync.Down, "rsync -a", "-", null),
        ];
    }
}
