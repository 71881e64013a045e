namespace OrleansHa.Benchmarks.Remote;

/// <summary>
/// The sync engine over the <c>silo</c> transport beside rsync to an <c>rsync --daemon</c>, both across a socket on
/// loopback (issue 11, item 7). Ours: the engine with <c>RemoteSyncTarget</c> to a second system's replica receiver,
/// through its TLS gateway. rsync: <c>rsync -a</c> pushing to a daemon this suite starts on a free port. A counting
/// forwarder stands in front of each server, so the wire bytes of both are counted at the socket the same way; rsync's
/// own --stats are shown beside them. Neither side is durable (rsync does not fsync; ours runs with Durable off).
/// Scenarios: (a) 1 MiB changed in the middle of a large file, (b) first copy of many small files, (c) re-sync of (b)
/// with nothing changed, (d) a large transfer interrupted at half and resumed.
/// </summary>
public sealed partial class RemoteSuite : IBenchmarkSuite
{
    private const long MiB = 1L << 20;

    /// <inheritdoc />
    public string Name => "remote";

    /// <inheritdoc />
    public string Description => "the engine over the silo transport vs rsync to rsync --daemon, both over loopback: delta, small files, re-sync, resume";

    /// <inheritdoc />
    public string Note => "MB = 10^6 bytes, counted at the socket by a forwarder in front of each server (both ways unless a row says a direction); "
        + "ours includes TLS and Orleans framing, rsync's protocol is plain. Both replace files atomically (temporary file, rename): rsync without --inplace. "
        + "Times are wall times (rsync's include starting the process and its handshake; ours reuse an open gateway connection). "
        + "Literal/matched/resumed figures of ours are SyncReport.LiteralBytes/MatchedBytes/ResumedBytes, rsync's from its --stats.";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var work = context.WorkDirectory;
        context.Log.WriteLine("[remote] starting rsync --daemon and system BACKUP (TLS), each behind a counting forwarder");
        await using var rsync = await RsyncDaemon.StartAsync(Directory.CreateDirectory(Path.Combine(work, "rsyncd")).FullName, cancellationToken);
        await using var ours = await RemoteSystem.StartAsync(Directory.CreateDirectory(Path.Combine(work, "ours")).FullName, cancellationToken);
        var sides = new Sides(context, ours, rsync, Directory.CreateDirectory(Path.Combine(work, "sources")).FullName);

        var rows = new List<BenchmarkResult>();
        rows.AddRange(await ChangedMiddleAsync(sides, cancellationToken));
        rows.AddRange(await SmallFilesAsync(sides, cancellationToken));
        rows.AddRange(await ResumeAsync(sides, cancellationToken));
        return rows;
    }

    /// <summary>What every scenario uses: both servers and the folder for sources.</summary>
    private sealed record Sides(BenchmarkContext Context, RemoteSystem Ours, RsyncDaemon Rsync, string Sources)
    {
        public bool Quick => Context.Quick;

        public void Log(string line) => Context.Log.WriteLine($"[remote] {line}");
    }

    private static BenchmarkResult Bytes(string measure, long ours, long rsync, string baselineName, string target, bool? met)
        => new(measure, ours / 1e6, rsync / 1e6, "MB", baselineName, target, met);

    private static BenchmarkResult Time(string measure, double ours, double rsync, string baselineName)
        => new(measure, ours, rsync, "s", baselineName, "≤ rsync's", ours <= rsync);

    private static string Size(long bytes) => bytes >= 1L << 30 ? $"{bytes >> 30} GiB" : $"{bytes >> 20} MiB";
}
