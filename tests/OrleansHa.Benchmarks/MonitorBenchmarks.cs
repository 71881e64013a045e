using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains;
using OrleansHa.Grains.Monitoring;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Settings;
using OrleansHa.Status;
using OrleansHa.Users;

namespace OrleansHa.Benchmarks;

/// <summary>
/// The monitor at scale on one silo (memory storage): 10,000 users × 10 file sets over 2 destinations.
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
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddOrleansHaGrains();
            // The journals' store (registered with the grains) needs the silo's data folder.
            silo.Services.Configure<OrleansHa.Grains.Journals.JournalStoreOptions>(o => o.DataDirectory = Path.Combine(context.WorkDirectory, "journals"));
            silo.Services.Configure<MonitorOptions>(o =>
            {
                o.CheckpointDirectory = Path.Combine(context.WorkDirectory, "checkpoints");
                o.StagingDirectory = Path.Combine(context.WorkDirectory, "staging");
            });
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var client = cluster.Client;
        var rows = new List<BenchmarkResult>();

        context.Log.WriteLine($"[monitor] defining {users:N0} users, {users * fileSetsPerUser:N0} file sets (settings import)");
        var document = BuildDocument(context.WorkDirectory, users, fileSetsPerUser);
        AsAdmin();
        var import = Stopwatch.StartNew();
        var imported = await client.GetGrain<ISettingsGrain>(RegistryKeys.System).ImportAsync(document, coldStart: false);
        import.Stop();
        context.Log.WriteLine($"[monitor] import: {import.Elapsed.TotalSeconds:F1} s, {imported.Workers:N0} workers");
        rows.Add(new BenchmarkResult($"settings import, {users * fileSetsPerUser:N0} file sets", import.Elapsed.TotalSeconds, null, "s", "-", "-", null));

        // Converge from cold: a fresh silo (no activations: every grain is read back from storage), every
        // worker table and checkpoint cleared, every user placed on a shard and every worker started again.
        await cluster.RestartSiloAsync(cluster.Silos[0]);
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

    private static void AsAdmin() => CallerPrincipal.ActAs("admin", administrator: true);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static SettingsDocument BuildDocument(string root, int users, int fileSetsPerUser)
    {
        var destinations = new[] { "BACKUP", "DR" }.Select(d =>
        {
            var dir = Path.Combine(root, "dest", d);
            Directory.CreateDirectory(dir);
            return new DestinationSettings(new DestinationDefinition(d, DestinationTransport.Local, dir, null, null, null), true);
        }).ToList();
        var userList = new List<UserSettings>(users);
        var fileSets = new List<FileSetSettings>(users * fileSetsPerUser);
        for (var u = 0; u < users; u++)
        {
            var name = $"u{u:00000}";
            var home = $"/srv/home/{name}";
            userList.Add(new UserSettings(new UserDefinition(name, 10_000 + u, 10_000, 5, [home]), false));
            for (var f = 0; f < fileSetsPerUser; f++)
            {
                fileSets.Add(new FileSetSettings(new FileSetDefinition(name, $"fs{f}", $"{home}/fs{f}", [], [],
                    [new FileSetTarget(f % 2 == 0 ? "BACKUP" : "DR", $"{name}/fs{f}")], "default", "manual", 1, new FileSetOptions()), false));
            }
        }

        return new SettingsDocument(SettingsDocument.FormatName, SettingsDocument.CurrentVersion, DateTimeOffset.UtcNow, userList, destinations, fileSets);
    }
}
