using System.Diagnostics;
using Orleans.TestingHost;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Settings;
using OrleansHa.Status;

namespace OrleansHa.Benchmarks;

/// <summary>
/// The monitor at scale on one silo of an Orleans in-process cluster (SQLite grain storage and reminders): 10,000 users × 10 file sets over 2 destinations.
/// Measures convergence from cold, a refresh after one change, STATUS latency and memory per idle
/// file set grain, each beside a plain in-process baseline doing the same bookkeeping without grains.
/// </summary>
public sealed partial class MonitorBenchmarks : IBenchmarkSuite
{
    /// <inheritdoc />
    public string Name => "monitor";

    /// <inheritdoc />
    public string Description => "monitor: 10,000 users x 10 file sets over 2 destinations: converge, refresh, STATUS, memory per file set grain";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var users = context.Quick ? 1_000 : 10_000;
        const int fileSetsPerUser = 10;
        var builder = BenchCluster.Builder();
        builder.ConfigureSilo((_, silo) =>
        {
            // Durable storage: the cold start restarts the only silo and reads every grain back.
            silo.UseSqliteStorage(Path.Combine(context.WorkDirectory, "data"));
            silo.AddBenchGrains(context.WorkDirectory);
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var client = cluster.Client;
        var rows = new List<BenchmarkResult>();

        context.Log.WriteLine($"[monitor] defining {users:N0} users, {users * fileSetsPerUser:N0} file sets (settings import)");
        var document = BenchSettings.Document(context.WorkDirectory, users, fileSetsPerUser);
        AsAdmin();
        var import = Stopwatch.StartNew();
        var imported = await client.GetGrain<ISettingsGrain>(RegistryKeys.System).ImportAsync(document, coldStart: false);
        import.Stop();
        context.Log.WriteLine($"[monitor] import: {import.Elapsed.TotalSeconds:F1} s, {imported.Workers:N0} workers");
        rows.Add(new BenchmarkResult($"settings import, {users * fileSetsPerUser:N0} file sets", import.Elapsed.TotalSeconds, null, "s", "-", "-", null));

        // Converge from cold: a fresh silo (no activations: every grain is read back from storage), every
        // worker table and checkpoint cleared, every user placed on a shard and every worker started again.
        await RestartAsync(cluster);
        AsAdmin();
        var cold = Stopwatch.StartNew();
        var converged = await client.GetGrain<IRegistryGrain>(RegistryKeys.System).ColdStartAsync();
        cold.Stop();
        var baselineConverge = BaselineConverge(document);
        context.Log.WriteLine($"[monitor] cold start: {cold.Elapsed.TotalSeconds:F1} s, {converged.WorkerCount:N0} workers started {converged.Started:N0}");
        rows.Add(new BenchmarkResult($"converge from cold ({converged.WorkerCount:N0} workers)", cold.Elapsed.TotalSeconds, baselineConverge.TotalSeconds, "s", "same diff in plain dictionaries", "< 30 s", cold.Elapsed.TotalSeconds < 30));

        // Refresh after one file set changes (the call returns once the monitor has applied the difference).
        var refresh = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var definition = document.FileSets[(i * 7919) % document.FileSets.Count].Definition with { Priority = (i % 3) + 1 };
            AsAdmin();
            var watch = Stopwatch.StartNew();
            await client.GetGrain<IFileSetGrain>(definition.Key).DefineAsync(definition, allowUpdate: true);
            refresh.Add(watch.Elapsed.TotalMilliseconds);
        }

        rows.Add(new BenchmarkResult("refresh after one file set change (median of 30)", Median(refresh), BaselineRefresh(document).TotalMilliseconds, "ms", "one user's diff in plain dictionaries", "< 50 ms", Median(refresh) < 50));

        // STATUS from the monitors' cached tables.
        var status = client.GetGrain<IStatusGrain>(RegistryKeys.System);
        var latencies = new List<double>();
        StatusReport? report = null;
        for (var i = 0; i < 50; i++)
        {
            AsAdmin();
            var watch = Stopwatch.StartNew();
            report = await status.GetStatusAsync(new StatusQuery());
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        context.Log.WriteLine($"[monitor] STATUS: {report!.Counts.Total:N0} workers on {report.Shards} shards, {report.FileSetCount:N0} file sets");
        rows.Add(new BenchmarkResult($"STATUS latency, {report.Counts.Total:N0} workers (median of 50)", Median(latencies), BaselineStatus(report.Counts.Total).TotalMilliseconds, "ms", "count states over a plain table", "< 100 ms", Median(latencies) < 100));

        rows.Add(await MeasureMemoryAsync(context, cluster, document));
        return rows;
    }

    /// <summary>Restarts the only silo and waits until the cluster sees it, so the next call finds it.</summary>
    private static async Task RestartAsync(InProcessTestCluster cluster)
    {
        await cluster.RestartSiloAsync(cluster.Silos[0]);
        await cluster.WaitForLivenessToStabilizeAsync();
    }

    private static void AsAdmin() => CallerPrincipal.ActAs("admin", administrator: true);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
