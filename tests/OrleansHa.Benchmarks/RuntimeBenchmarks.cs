using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace OrleansHa.Benchmarks;

/// <summary>
/// The runtime: grain-to-grain calls/s and latency with 100 callers beside a bare Channel&lt;T&gt; mailbox round trip,
/// p99 at half the peak rate, activations/s and memory per idle activation.
/// </summary>
public sealed class RuntimeBenchmarks : IBenchmarkSuite
{
    private const int Callers = 100;

    public string Name => "runtime";

    public string Description => "grain calls/s and latency (100 callers) vs Channel<T>; activations/s; bytes per idle activation";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(context.Quick ? 1 : 5);
        var grains = context.Quick ? 20_000 : 100_000;
        using var host = await StartSiloAsync();
        var client = host.Services.GetRequiredService<IClusterClient>();

        context.Log.WriteLine("[runtime] warm-up");
        await RunCallersAsync(client, TimeSpan.FromSeconds(1), 0);
        await ChannelBaseline.RunAsync(Callers, TimeSpan.FromSeconds(1));

        context.Log.WriteLine("[runtime] peak, closed loop");
        var servedBefore = Interlocked.Read(ref BenchPingGrain.Served);
        var watch = Stopwatch.StartNew();
        var ours = await RunCallersAsync(client, duration, 0);
        var oursSeconds = watch.Elapsed.TotalSeconds;
        var served = Interlocked.Read(ref BenchPingGrain.Served) - servedBefore;
        if (served != ours.Count)
        {
            throw new InvalidOperationException($"The callers measured {ours.Count} calls but the grains served {served}.");
        }
        watch.Restart();
        var baseline = await ChannelBaseline.RunAsync(Callers, duration);
        var baseSeconds = watch.Elapsed.TotalSeconds;

        // Rates over the wall time of the whole run: callers that start late make it longer, not faster.
        var rate = ours.Count / oursSeconds;
        var baseRate = baseline.Count / baseSeconds;

        context.Log.WriteLine("[runtime] half the peak rate, paced");
        // Callers send one batch per timer tick; ticks are longer than 1 ms on a loaded machine, so measure them.
        var tickSeconds = await MeasureTimerTickAsync();
        var perCallerPerMs = Math.Max(1, (int)Math.Round(rate / 2 * tickSeconds / Callers));
        watch.Restart();
        var paced = await RunCallersAsync(client, duration, perCallerPerMs);
        var pacedRate = paced.Count / watch.Elapsed.TotalSeconds;
        var pacedBase = await ChannelBaseline.RunAsync(Callers, duration, perCallerPerMs);

        context.Log.WriteLine($"[runtime] activating {grains} grains");
        var (activationsPerSecond, bytesPerActivation) = await ActivateAsync(client, grains);
        var (dictPerSecond, _) = DictionaryBaseline(grains);

        return
        [
            new("grain-to-grain calls/s, 100 callers", rate, baseRate, "calls/s", "Channel<T> round trip", "≥ 500,000", rate >= 500_000),
            new("p50 latency at peak", Percentile(ours, 0.50), Percentile(baseline, 0.50), "µs", "Channel<T> round trip", "-", null),
            new("p99 latency at peak", Percentile(ours, 0.99), Percentile(baseline, 0.99), "µs", "Channel<T> round trip", "-", null),
            new($"p99 latency at half peak ({pacedRate:N0}/s)", Percentile(paced, 0.99), Percentile(pacedBase, 0.99), "µs", "Channel<T> round trip", "< 200", Percentile(paced, 0.99) < 200),
            new($"activations/s ({grains:N0} grains)", activationsPerSecond, dictPerSecond, "activations/s", "ConcurrentDictionary insert", "≥ 100,000", activationsPerSecond >= 100_000),
            new("memory per idle activation beyond the grain", bytesPerActivation, null, "bytes", "-", "< 2,048", bytesPerActivation < 2048),
        ];
    }

    private static async Task<IHost> StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.Configure<GrainTypeOptions>(o =>
            {
                o.Classes.Add(typeof(BenchPingGrain));
                o.Classes.Add(typeof(BenchCallerGrain));
                o.Classes.Add(typeof(BenchIdleGrain));
            });
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(1));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<List<long>> RunCallersAsync(IClusterClient client, TimeSpan duration, int callsPerMs)
    {
        var targetsPerCaller = Math.Max(1, callsPerMs);
        var runs = Enumerable.Range(0, Callers)
            .Select(i => client.GetGrain<IBenchCallerGrain>(i).CallForAsync(1_000_000 + (i * 16L), targetsPerCaller, duration, callsPerMs));
        var all = await Task.WhenAll(runs);
        return all.SelectMany(a => a).ToList();
    }

    private static async Task<(double PerSecond, double Bytes)> ActivateAsync(IClusterClient client, int count)
    {
        // The timeout tracker lists calls until its next sweep (every 100 ms): let it drop the earlier runs' calls.
        await Task.Delay(300);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var references = Enumerable.Range(0, count).Select(i => client.GetGrain<IBenchIdleGrain>(5_000_000 + i)).ToArray();
        var referencesBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        var watch = Stopwatch.StartNew();
        for (var batch = 0; batch < count; batch += 1000)
        {
            await Task.WhenAll(references.Skip(batch).Take(1000).Select(r => r.TouchAsync()));
        }

        watch.Stop();

        await Task.Delay(300);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(references);

        // The grain's own object (header, method table, the Grain base's one reference) is the grain's, not ours.
        const int GrainOwnBytes = 24;
        var perActivation = ((after - before - referencesBytes) / (double)count) - GrainOwnBytes;
        return (count / watch.Elapsed.TotalSeconds, perActivation);
    }

    private static (double PerSecond, double Bytes) DictionaryBaseline(int count)
    {
        var dictionary = new System.Collections.Concurrent.ConcurrentDictionary<long, object>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            dictionary.TryAdd(i, new object());
        }

        return (count / watch.Elapsed.TotalSeconds, 0);
    }

    private static async Task<double> MeasureTimerTickAsync()
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            await Task.Delay(1);
        }

        return watch.Elapsed.TotalSeconds / 50;
    }

    private static double Percentile(List<long> ticks, double p)
    {
        if (ticks.Count == 0)
        {
            return double.NaN;
        }

        ticks.Sort();
        return ticks[(int)Math.Min(ticks.Count - 1, ticks.Count * p)] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
