using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.Sync;

namespace OrleansHa.Benchmarks;

/// <summary>
/// The sync engine against rsync on the same trees in the same run, alternating the two (ours first, then rsync, each
/// round) so drifting load on the shared machine hits both alike. Each figure is the median of its rounds. Copies of
/// (a) and (b) are not durable on either side (rsync does not fsync by default); (e) is durable on both sides
/// (ours fsyncs files and directories, rsync --fsync fsyncs files). See SyncBenchmarks.Trees.cs for the data.
/// </summary>
public sealed partial class SyncBenchmarks : IBenchmarkSuite
{
    /// <inheritdoc />
    public string Name => "sync";

    /// <inheritdoc />
    public string Description => "file sync engine vs rsync: first copy, re-sync, durable copy, manifest memory";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var quick = context.Quick;
        var smallCount = quick ? 10_000 : 100_000;
        var bigCount = 4;
        var bigSize = quick ? 64L << 20 : 512L << 20;
        var rounds = quick ? 2 : 3;
        var rows = new List<BenchmarkResult>();
        var work = context.WorkDirectory;
        var scope = new AccessScope([work]);

        var small = Path.Combine(work, "small-src");
        context.Log.WriteLine($"[sync] creating {smallCount:N0} files of 1-4 KiB in 100 directories");
        Remote.RemoteFiles.CreateSmallTree(small, smallCount, seed: 4);

        var oursTarget = Path.Combine(work, "ours");
        var rsyncTarget = Path.Combine(work, "rsync");
        var manifest = Path.Combine(work, "state", "manifest.bin");

        // (a) first copy, not durable.
        var a = await AlternateAsync(context, rounds, "(a) first copy", () => { },
            () => Clean(oursTarget, manifest), () => OursAsync(small, oursTarget, manifest, scope, durable: false, cancellationToken),
            () => Clean(rsyncTarget), () => Rsync(small, rsyncTarget));
        Clean(rsyncTarget);
        Tool.Run("sync", []);
        var cpA = Time(() => Cp(small, rsyncTarget));
        rows.Add(Row($"(a) first copy, {smallCount:N0} × 1–4 KiB in 100 dirs", a, "ratio ≤ 1.0", 1.0));
        rows.Add(new BenchmarkResult($"(a) same copy by cp -a (the floor)", a.Ours, cpA, "s", "cp -a", "-", null));

        // (c) re-sync with nothing changed: both targets hold a full copy (and ours its manifest).
        Clean(oursTarget, rsyncTarget, manifest);
        await OursAsync(small, oursTarget, manifest, scope, durable: false, cancellationToken);
        Rsync(small, rsyncTarget);
        var c = await AlternateAsync(context, rounds, "(c) re-sync unchanged", () => { },
            () => { }, () => OursAsync(small, oursTarget, manifest, scope, durable: false, cancellationToken),
            () => { }, () => Rsync(small, rsyncTarget));
        rows.Add(Row($"(c) re-sync of (a), nothing changed", c, "ratio ≤ 0.5", 0.5));

        // (d) re-sync with 1% of the files modified (a different 1% each round, seen by both).
        var round = 0;
        var d = await AlternateAsync(context, rounds, "(d) re-sync 1% modified", () => ModifyPercent(small, smallCount, ++round),
            () => { }, () => OursAsync(small, oursTarget, manifest, scope, durable: false, cancellationToken),
            () => { }, () => Rsync(small, rsyncTarget));
        rows.Add(Row($"(d) re-sync of (a), 1% of files modified", d, "ratio ≤ 0.7", 0.7));

        // (e) first copy, durable on both sides.
        var e = await AlternateAsync(context, 2, "(e) durable first copy", () => { },
            () => Clean(oursTarget, manifest), () => OursAsync(small, oursTarget, manifest, scope, durable: true, cancellationToken),
            () => Clean(rsyncTarget), () => Rsync(small, rsyncTarget, "--fsync"));
        rows.Add(Row($"(e) first copy of (a), durable (vs rsync --fsync)", e, "ratio ≤ 1.0", 1.0));
        Clean(oursTarget, rsyncTarget, manifest, small);

        // (b) first copy of a few big files.
        var big = Path.Combine(work, "big-src");
        context.Log.WriteLine($"[sync] creating {bigCount} files of {bigSize >> 20} MiB");
        CreateBigFiles(big, bigCount, bigSize);
        var b = await AlternateAsync(context, 2, "(b) big files", () => { },
            () => Clean(oursTarget, manifest), () => OursAsync(big, oursTarget, manifest, scope, durable: false, cancellationToken),
            () => Clean(rsyncTarget), () => Rsync(big, rsyncTarget));
        Clean(rsyncTarget);
        Tool.Run("sync", []);
        var cpB = Time(() => Cp(big, rsyncTarget));
        rows.Add(Row($"(b) first copy, {bigCount} × {bigSize >> 20} MiB", b, "ratio ≤ 1.0", 1.0));
        rows.Add(new BenchmarkResult($"(b) same copy by cp -a (the floor)", b.Ours, cpB, "s", "cp -a", "-", null));
        Clean(oursTarget, rsyncTarget, manifest, big);

        rows.AddRange(ManifestMemory(context, work));
        return rows;
    }

    private static BenchmarkResult Row(string measure, (double Ours, double Rsync) figures, string target, double maxRatio)
        => new(measure, figures.Ours, figures.Rsync, "s", "rsync", target, figures.Ours <= figures.Rsync * maxRatio);

    /// <summary>
    /// Rounds of one measure. Each round prepares (e.g. modifies files), then runs both sides, ours first in even
    /// rounds and rsync first in odd ones; before each timed run the side's own target is reset and the page cache's
    /// dirty data is written out (sync), so neither side pays for the other's writeback.
    /// </summary>
    private static async Task<(double Ours, double Rsync)> AlternateAsync(
        BenchmarkContext context, int rounds, string label, Action prepareRound, Action resetOurs, Func<Task<SyncReport>> ours, Action resetRsync, Action rsync)
    {
        var oursTimes = new List<double>();
        var rsyncTimes = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            prepareRound();
            SyncReport? report = null;
            for (var side = 0; side < 2; side++)
            {
                if ((side + r) % 2 == 0)
                {
                    resetOurs();
                    Tool.Run("sync", []);
                    var watch = Stopwatch.StartNew();
                    report = await ours();
                    oursTimes.Add(watch.Elapsed.TotalSeconds);
                    if (report.Failures.Count > 0)
                    {
                        throw new InvalidOperationException($"{label}: our run failed on {report.Failures[0].Path}: {report.Failures[0].Reason}");
                    }
                }
                else
                {
                    resetRsync();
                    Tool.Run("sync", []);
                    rsyncTimes.Add(Time(rsync));
                }
            }

            context.Log.WriteLine($"[sync] {label} round {r + 1}: ours {oursTimes[^1]:0.000} s ({report!.FilesCopied:N0} copied), rsync {rsyncTimes[^1]:0.000} s");
        }

        return (Median(oursTimes), Median(rsyncTimes));
    }

    private static async Task<SyncReport> OursAsync(string source, string target, string manifest, AccessScope scope, bool durable, CancellationToken cancellationToken)
    {
        var options = new SyncOptions(Durable: durable);
        using var local = new LocalDirectoryTarget(target, scope, durable);
        var engine = new SyncEngine(NullLogger<SyncEngine>.Instance, TimeProvider.System);
        return await engine.RunAsync(new SyncRequest(new FileSetSpec(source, [], [], options), local, scope, manifest), null, cancellationToken);
    }

    private static void Rsync(string source, string target, params string[] extra)
        => Tool.Run("rsync", ["-a", .. extra, source + "/", target + "/"]);

    private static void Cp(string source, string target) => Tool.Run("cp", ["-a", source, target]);

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
