using System.Diagnostics;
using Orleans.TestingHost;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Settings;

namespace OrleansHa.Benchmarks;

/// <summary>The baselines (the same bookkeeping in plain dictionaries, no grains) and the memory measure.</summary>
public sealed partial class MonitorBenchmarks
{
    private static TimeSpan BaselineConverge(SettingsDocument document)
    {
        var watch = Stopwatch.StartNew();
        var table = new Dictionary<string, List<(string Name, int Priority)>>(StringComparer.Ordinal);
        foreach (var f in document.FileSets)
        {
            var d = f.Definition;
            foreach (var t in d.Targets)
            {
                var key = $"{d.Owner}|{t.Destination}|{d.BatchId}";
                if (!table.TryGetValue(key, out var list))
                {
                    table[key] = list = [];
                }

                list.Add((d.Name, d.Priority));
            }
        }

        foreach (var list in table.Values)
        {
            list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        }

        return watch.Elapsed;
    }

    private static TimeSpan BaselineRefresh(SettingsDocument document)
    {
        var owner = document.Users[0].Definition.Name;
        var mine = document.FileSets.Where(f => f.Definition.Owner == owner).Select(f => f.Definition).ToList();
        var times = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var watch = Stopwatch.StartNew();
            var desired = mine.GroupBy(d => $"{d.Owner}|{d.Targets[0].Destination}|{d.BatchId}")
                .ToDictionary(g => g.Key, g => g.Select(d => (d.Name, d.Priority)).Order().ToList(), StringComparer.Ordinal);
            var changed = desired.Count(kv => !kv.Value.SequenceEqual(kv.Value));
            GC.KeepAlive(changed);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return TimeSpan.FromMilliseconds(Median(times));
    }

    private static TimeSpan BaselineStatus(int workers)
    {
        var states = Enumerable.Range(0, workers).Select(i => i % 4).ToArray();
        var watch = Stopwatch.StartNew();
        var counts = new int[4];
        foreach (var s in states)
        {
            counts[s]++;
        }

        GC.KeepAlive(counts);
        return watch.Elapsed;
    }

    /// <summary>Restarts the silo (no activations), then activates every file set grain and measures the heap it takes.</summary>
    private static async Task<BenchmarkResult> MeasureMemoryAsync(BenchmarkContext context, InProcessTestCluster cluster, SettingsDocument document)
    {
        await RestartAsync(cluster);
        var client = cluster.Client;
        AsAdmin();
        await client.GetGrain<IRegistryGrain>(RegistryKeys.System).GetShardCountAsync();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var chunk in document.FileSets.Chunk(1000))
        {
            AsAdmin();
            await Task.WhenAll(chunk.Select(f => client.GetGrain<IFileSetGrain>(f.Definition.Key).GetAsync()));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perGrain = (after - before) / (double)document.FileSets.Count;

        // Baseline: the definitions alone, as plain objects on the heap.
        var baselineBefore = GC.GetTotalMemory(forceFullCollection: true);
        var copies = document.FileSets.Select(f => f.Definition with { Targets = [.. f.Definition.Targets] }).ToList();
        var baselineAfter = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(copies);
        var baseline = (baselineAfter - baselineBefore) / (double)document.FileSets.Count;
        context.Log.WriteLine($"[monitor] memory: {perGrain:F0} bytes per idle file set grain (definition alone: {baseline:F0})");
        return new BenchmarkResult($"memory per idle file set grain ({document.FileSets.Count:N0} active)", perGrain, baseline, "bytes", "the definition as a plain object", "< 4,096", perGrain < 4096);
    }
}
