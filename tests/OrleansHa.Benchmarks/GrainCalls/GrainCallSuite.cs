using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansHa.Benchmarks.Journals;
using OrleansHa.FileSets;
using OrleansHa.Grains.Journals;
using OrleansHa.Journals;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Settings;
using OrleansHa.Status;

namespace OrleansHa.Benchmarks.GrainCalls;

/// <summary>
/// Our busiest grain paths beside a bare Orleans ping grain, all through the same in-process cluster's client with
/// 100 concurrent callers: STATUS, a journal append, a file set definition. The paths take turns in short runs
/// (the order turning each round), so a busy neighbour slows all of them alike; rates are medians of the runs.
/// </summary>
public sealed class GrainCallSuite : IBenchmarkSuite
{
    private const int Callers = 100;
    private const string Ping = "bare ping grain";
    private const int Users = 10;
    private const int FileSetsPerUser = Callers / Users;

    /// <inheritdoc />
    public string Name => "grains";

    /// <inheritdoc />
    public string Description => "grain calls/s and p50/p99 (100 callers): STATUS, journal append, file set define vs a bare Orleans ping grain";

    /// <inheritdoc />
    public string Note =>
        "one silo of Orleans' in-process test cluster; the client reaches it over Orleans' in-memory transport (serialized, no sockets). "
        + "No security filter in this cluster: callers act as the administrator through CallerPrincipal.ActAs, nothing verifies a session token "
        + "or signs calls, so the silo's call guard is not in these figures. Grain state, reminders and journals in SQLite, synchronous=FULL. "
        + "Each caller has its own ping grain, journal (appends of 1 change, no receivers) and file set (priority toggled, update allowed); "
        + "STATUS is one stateless-worker grain over 20 workers (10 users × 2 destinations).";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(context.Quick ? 1 : 3);
        var rounds = context.Quick ? 1 : 3;
        await using var cluster = await StartAsync(context.WorkDirectory);
        var paths = await PrepareAsync(context, cluster.Client);

        var figures = await CallRounds.RunAsync(paths, Callers, TimeSpan.FromMilliseconds(300), duration, rounds, context.Log, Name);
        var ping = figures[Ping];
        var rows = new List<BenchmarkResult>
        {
            new($"{Ping} calls/s, {Callers} callers", ping.CallsPerSecond, null, "calls/s", "-", "-", null),
            new($"{Ping} p50", ping.P50, null, "ms", "-", "-", null),
            new($"{Ping} p99", ping.P99, null, "ms", "-", "-", null),
        };
        foreach (var (name, _) in paths.Where(p => p.Name != Ping))
        {
            var ours = figures[name];
            context.Log.WriteLine($"[grains] {name}: {ours.CallsPerSecond:N0} calls/s, p50 {ours.P50:N2} ms, p99 {ours.P99:N2} ms over {ours.Calls:N0} calls");
            rows.Add(new($"{name} calls/s, {Callers} callers", ours.CallsPerSecond, ping.CallsPerSecond, "calls/s", Ping, "ratio ≥ 0.5", ours.CallsPerSecond >= 0.5 * ping.CallsPerSecond));
            rows.Add(new($"{name} p50", ours.P50, ping.P50, "ms", Ping, "-", null));
            rows.Add(new($"{name} p99", ours.P99, ping.P99, "ms", Ping, "-", null));
        }

        return rows;
    }

    /// <summary>One silo as the silo host composes it (SQLite storage and reminders, our grains' services), system PROD.</summary>
    private static async Task<InProcessTestCluster> StartAsync(string root)
    {
        var builder = BenchCluster.Builder();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSqliteStorage(Path.Combine(root, "data"));
            silo.AddBenchGrains(root);
            silo.Services.Configure<JournalOptions>(o => o.SystemName = "PROD");
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Imports the users and file sets, defines a journal per caller; returns each path's call.</summary>
    private static async Task<List<(string Name, Func<int, long, Task> Call)>> PrepareAsync(BenchmarkContext context, IClusterClient client)
    {
        var document = BenchSettings.Document(context.WorkDirectory, Users, FileSetsPerUser);
        CallerPrincipal.ActAs("admin", administrator: true);
        var imported = await client.GetGrain<ISettingsGrain>(RegistryKeys.System).ImportAsync(document, coldStart: false);
        context.Log.WriteLine($"[grains] imported {imported.Users} users, {imported.FileSets} file sets, {imported.Workers} workers");
        var journals = Enumerable.Range(0, Callers).Select(i => client.GetGrain<IJournalGrain>($"bench-{i}")).ToArray();
        await Task.WhenAll(journals.Select(j => j.DefineAsync(new JournalDefinition([], []))));

        // Each caller's journal sequence runs on across runs: request ids stay unique and timestamps keep growing.
        var appended = new long[Callers];
        var status = client.GetGrain<IStatusGrain>(RegistryKeys.System);
        var definitions = document.FileSets.Select(f => f.Definition).ToArray();
        return
        [
            (Ping, (caller, n) => client.GetGrain<IPingGrain>(caller).PingAsync(n)),
            ("STATUS (IStatusGrain)", (_, _) => status.GetStatusAsync(new StatusQuery())),
            ("journal append, 1 change (IJournalGrain)", async (caller, _) =>
            {
                var n = ++appended[caller];
                var result = await journals[caller].AppendAsync($"r{n}", [JournalWorkload.Change(n)]);
                if (!result.Accepted)
                {
                    throw new InvalidOperationException($"Journal bench-{caller} refused append {n}: {result.Error}");
                }
            }),
            ("file set define (IFileSetGrain.DefineAsync)", (caller, n) =>
            {
                var definition = definitions[caller] with { Priority = (int)(n % 2) + 1 };
                return client.GetGrain<IFileSetGrain>(definition.Key).DefineAsync(definition, allowUpdate: true);
            }),
        ];
    }
}
