namespace OrleansHa.Benchmarks.Remote;

public sealed partial class RemoteSuite
{
    /// <summary>
    /// (a) A large file copied to both sides, then 1 MiB in its middle rewritten and both re-synced, timed; each round
    /// rewrites another MiB and turns the order (ours first in even rounds). rsync runs with --no-whole-file (its
    /// default over a socket, named so it is not in doubt) and without --inplace, so it builds a new file and renames it.
    /// </summary>
    private static async Task<IReadOnlyList<BenchmarkResult>> ChangedMiddleAsync(Sides sides, CancellationToken cancellationToken)
    {
        var size = sides.Quick ? 128 * MiB : 1L << 30;
        var rounds = sides.Quick ? 1 : 2;
        var source = Directory.CreateDirectory(Path.Combine(sides.Sources, "a")).FullName;
        var file = Path.Combine(source, "large.bin");
        sides.Log($"(a) writing a {Size(size)} file of random bytes");
        RemoteFiles.WriteRandom(file, size, seed: 11);
        string[] options = ["--no-whole-file"];

        var seedOurs = await sides.Ours.SyncAsync(source, "a", null, cancellationToken);
        var seedRsync = await sides.Rsync.PushAsync(source, "a", options, null, cancellationToken);
        sides.Log($"(a) first copies: ours {seedOurs.Seconds:0.00} s ({seedOurs.Up / 1e6:0.0} MB up), rsync {seedRsync.Seconds:0.00} s ({seedRsync.Up / 1e6:0.0} MB up)");

        var oursRuns = new List<OursRun>();
        var rsyncRuns = new List<RsyncRun>();
        for (var round = 0; round < rounds; round++)
        {
            RemoteFiles.RewriteMiB(file, (size / 2) + (round * 2 * MiB), seed: 100 + round);
            for (var side = 0; side < 2; side++)
            {
                Tool.Run("sync", []);
                if ((side + round) % 2 == 0)
                {
                    oursRuns.Add(await sides.Ours.SyncAsync(source, "a", null, cancellationToken));
                    RemoteFiles.Same(file, Path.Combine(sides.Ours.DestinationRoot, "a", "large.bin"));
                }
                else
                {
                    rsyncRuns.Add(await sides.Rsync.PushAsync(source, "a", options, null, cancellationToken));
                    RemoteFiles.Same(file, Path.Combine(sides.Rsync.ModulePath, "a", "large.bin"));
                }
            }

            var (o, r) = (oursRuns[^1], rsyncRuns[^1]);
            sides.Log($"(a) round {round + 1}: ours {o.Seconds:0.00} s, {o.Up / 1e6:0.000} MB up, {o.Down / 1e6:0.000} MB down, literal {o.Report!.LiteralBytes:N0}, matched {o.Report.MatchedBytes:N0}; "
                + $"rsync {r.Seconds:0.00} s, {r.Up / 1e6:0.000} MB up, {r.Down / 1e6:0.000} MB down, --stats sent {r.StatsSent:N0} received {r.StatsReceived:N0}, literal {r.Literal:N0}, matched {r.Matched:N0}");
        }

        // Bytes are the same every round (one MiB changed each time); the last round's are shown, the times' median.
        var (ours, rsync) = (oursRuns[^1], rsyncRuns[^1]);
        var label = $"(a) 1 MiB changed mid-file, {Size(size)}";
        var baseline = "rsync --no-whole-file";
        var oursBoth = ours.Up + ours.Down;
        var rsyncBoth = rsync.Up + rsync.Down;
        Directory.Delete(source, recursive: true);
        return
        [
            Bytes($"{label}: wire bytes both ways", oursBoth, rsyncBoth, baseline, "≤ 1.5× rsync's", oursBoth <= 1.5 * rsyncBoth),
            Bytes($"{label}: wire bytes sender→receiver", ours.Up, rsync.Up, baseline, "-", null),
            Bytes($"{label}: wire bytes receiver→sender", ours.Down, rsync.Down, baseline, "-", null),
            Bytes($"{label}: rsync's own --stats sent+received", oursBoth, (rsync.StatsSent ?? 0) + (rsync.StatsReceived ?? 0), "rsync --stats", "-", null),
            Bytes($"{label}: literal bytes", ours.Report!.LiteralBytes, rsync.Literal ?? 0, "rsync --stats", "-", null),
            Bytes($"{label}: matched bytes", ours.Report.MatchedBytes, rsync.Matched ?? 0, "rsync --stats", "-", null),
            Time($"{label}: time, both atomic (median of {rounds})", RemoteFiles.Median(oursRuns.Select(x => x.Seconds)), RemoteFiles.Median(rsyncRuns.Select(x => x.Seconds)), baseline),
        ];
    }
}
