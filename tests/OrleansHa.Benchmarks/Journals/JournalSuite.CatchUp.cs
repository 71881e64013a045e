using System.Diagnostics;
using OrleansHa.Journals;

namespace OrleansHa.Benchmarks.Journals;

/// <summary>Catch-up: a receiver disabled while a large backlog builds, then enabled; entries shipped and applied per second, memory sampled.</summary>
public sealed partial class JournalSuite
{
    private static async Task<IReadOnlyList<BenchmarkResult>> CatchUpAsync(BenchmarkContext context)
    {
        var backlog = context.Quick ? 100_000 : 1_000_000;
        const int perAppend = 10_000;
        await using var systems = await BenchSystems.StartAsync(Path.Combine(context.WorkDirectory, "catchup"));
        var journal = systems.Journal("backlog");
        await journal.DefineAsync(new JournalDefinition([BenchSystems.BackupAddress], []));
        await journal.DisableAsync(null);
        var filling = Stopwatch.StartNew();
        for (var b = 0; b < backlog / perAppend; b++)
        {
            await journal.AppendAsync($"fill-{b}", JournalWorkload.Batch((b * (long)perAppend) + 1, perAppend));
        }

        context.Log.WriteLine($"[journal] backlog of {backlog:N0} built in {filling.Elapsed.TotalSeconds:N1} s");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(false);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        long heapPeak = heapBefore, workingSetPeak = workingSetBefore, livePeak = heapBefore;
        var liveSample = Stopwatch.StartNew();
        var liveSamples = 0;

        var stopwatch = Stopwatch.StartNew();
        await journal.EnableAsync(null);
        var replica = systems.Replica("backlog");
        long applied = 0;
        while (applied < backlog && stopwatch.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(100);
            applied = (await replica.GetStatusAsync()).LastApplied;
            process.Refresh();
            heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
            workingSetPeak = Math.Max(workingSetPeak, process.WorkingSet64);
            if (liveSample.Elapsed >= TimeSpan.FromMilliseconds(500))
            {
                // Twice a second, what is really held (a full collection first): flat if pages are streamed.
                livePeak = Math.Max(livePeak, GC.GetTotalMemory(forceFullCollection: true));
                liveSamples++;
                liveSample.Restart();
            }
        }

        var rate = applied / stopwatch.Elapsed.TotalSeconds;
        var heapGrowth = (heapPeak - heapBefore) / 1048576.0;
        var liveGrowth = (livePeak - heapBefore) / 1048576.0;
        var workingSetGrowth = (workingSetPeak - workingSetBefore) / 1048576.0;
        context.Log.WriteLine($"[journal] catch-up of {applied:N0} in {stopwatch.Elapsed.TotalSeconds:N1} s; heap {heapBefore / 1048576.0:N0} MB + {liveGrowth:N0} MB live peak ({heapGrowth:N0} MB with garbage), working set {workingSetBefore / 1048576.0:N0} MB + {workingSetGrowth:N0} MB peak");

        var folder = Path.Combine(context.WorkDirectory, "raw-copy");
        Directory.CreateDirectory(folder);
        var rawCopy = RawSqliteBaseline.PagedCopy(folder, backlog, 5_000);
        return
        [
            new($"catch-up after a {backlog:N0}-entry backlog (shipped + applied)", rate, rawCopy, "entries/s",
                "raw SQLite: read pages of 5,000 from one file, insert into another", "≥ 100,000", rate >= 100_000),
            new($"live managed heap growth during catch-up (peak − start; {liveSamples} samples, each after a full GC)", liveGrowth, null, "MB", "-", "< 64 (flat)", liveSamples == 0 ? null : liveGrowth < 64),
            new("managed heap growth with uncollected garbage (peak − start)", heapGrowth, null, "MB", "-", "-", null),
            new("working set growth during catch-up (peak − start)", workingSetGrowth, null, "MB", "-", "-", null),
        ];
    }
}
