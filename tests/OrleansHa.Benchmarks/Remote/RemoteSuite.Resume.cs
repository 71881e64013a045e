namespace OrleansHa.Benchmarks.Remote;

public sealed partial class RemoteSuite
{
    /// <summary>
    /// (d) The first copy of a large file interrupted once half its size has gone up through the forwarder, then run
    /// again to the end; the second run's wire bytes are compared. rsync runs with --partial (the receiver keeps what
    /// it got) and is killed with SIGKILL at the mark; ours is cancelled at the same mark (the sending side stops, as
    /// when a worker is stopped; the receiving system stays up). The target: the resumed run sends at most 55% of the file.
    /// </summary>
    private static async Task<IReadOnlyList<BenchmarkResult>> ResumeAsync(Sides sides, CancellationToken cancellationToken)
    {
        var size = sides.Quick ? 128 * MiB : 1L << 30;
        var source = Directory.CreateDirectory(Path.Combine(sides.Sources, "d")).FullName;
        var file = Path.Combine(source, "big.bin");
        sides.Log($"(d) writing a {Size(size)} file of random bytes");
        RemoteFiles.WriteRandom(file, size, seed: 13);
        string[] options = ["--partial", "--no-whole-file"];
        var half = size / 2;

        Tool.Run("sync", []);
        var cutOurs = await sides.Ours.SyncAsync(source, "d", half, cancellationToken);
        var oursLeft = RemoteFiles.Describe(Path.Combine(sides.Ours.DestinationRoot, "d"));
        Tool.Run("sync", []);
        var cutRsync = await sides.Rsync.PushAsync(source, "d", options, half, cancellationToken);
        var rsyncLeft = RemoteFiles.Describe(Path.Combine(sides.Rsync.ModulePath, "d"));
        sides.Log($"(d) interrupted at {half / 1e6:0.0} MB up: ours sent {cutOurs.Up / 1e6:0.0} MB in {cutOurs.Seconds:0.00} s, left {oursLeft}; "
            + $"rsync (killed: {cutRsync.Killed}) sent {cutRsync.Up / 1e6:0.0} MB in {cutRsync.Seconds:0.00} s, left {rsyncLeft}");

        Tool.Run("sync", []);
        var ours = await sides.Ours.SyncAsync(source, "d", null, cancellationToken);
        RemoteFiles.Same(file, Path.Combine(sides.Ours.DestinationRoot, "d", "big.bin"));
        Tool.Run("sync", []);
        var rsync = await sides.Rsync.PushAsync(source, "d", options, null, cancellationToken);
        RemoteFiles.Same(file, Path.Combine(sides.Rsync.ModulePath, "d", "big.bin"));
        sides.Log($"(d) resumed: ours {ours.Seconds:0.00} s, {ours.Up / 1e6:0.0} MB up, {ours.Down / 1e6:0.0} MB down, resumed {ours.Report!.ResumedBytes:N0}, literal {ours.Report.LiteralBytes:N0}, matched {ours.Report.MatchedBytes:N0}; "
            + $"rsync {rsync.Seconds:0.00} s, {rsync.Up / 1e6:0.0} MB up, {rsync.Down / 1e6:0.0} MB down, --stats sent {rsync.StatsSent:N0} received {rsync.StatsReceived:N0}, literal {rsync.Literal:N0}, matched {rsync.Matched:N0}");

        Directory.Delete(source, recursive: true);
        var label = $"(d) {Size(size)} interrupted at half, resumed";
        var baseline = "rsync --partial";
        var limit = 0.55 * size;
        var oursBoth = ours.Up + ours.Down;
        return
        [
            Bytes($"{label}: wire bytes both ways after the resume", oursBoth, rsync.Up + rsync.Down, baseline, $"≤ 55% of the file ({limit / 1e6:0.0} MB)", oursBoth <= limit),
            Bytes($"{label}: wire bytes sender→receiver after the resume", ours.Up, rsync.Up, baseline, "-", null),
            Bytes($"{label}: wire bytes up before the interruption", cutOurs.Up, cutRsync.Up, baseline, "-", null),
            Bytes($"{label}: resumed (ours) / matched (rsync) bytes", ours.Report.ResumedBytes, rsync.Matched ?? 0, "rsync --stats", "-", null),
            new BenchmarkResult($"{label}: time of the resumed run", ours.Seconds, rsync.Seconds, "s", baseline, "-", null),
        ];
    }
}
