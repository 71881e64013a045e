using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Monitoring;
using OrleansHa.Monitoring;
using OrleansHa.Runtime.Testing;
using OrleansHa.Security;
using OrleansHa.Status;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>
/// An in-process cluster with the monitor's grains, memory storage and reminders (both survive a silo
/// restart), a fake clock, short retry intervals, and a temporary folder for sources, destinations and
/// checkpoints.
/// </summary>
public sealed class MonitorCluster : IAsyncDisposable
{
    private readonly Action<IServiceCollection>? _configureServices;

    public MonitorCluster(Action<MonitorOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        _configureServices = configureServices;
        Root = Path.Combine(Path.GetTempPath(), "orleansha-monitor-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Options = new MonitorOptions
        {
            ImmediateRetries = 3,
            RetryInterval = TimeSpan.FromMinutes(5),
            CheckInterval = TimeSpan.FromMinutes(1),
            ProbeInterval = TimeSpan.FromMinutes(1),
            CheckpointDirectory = Path.Combine(Root, "checkpoints"),
            StagingDirectory = Path.Combine(Root, "staging"),
        };
        configure?.Invoke(Options);
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddOrleansHaGrains();
            // The journals' store (registered with the grains) needs the silo's data folder.
            silo.Services.Configure<OrleansHa.Grains.Journals.JournalStoreOptions>(o => o.DataDirectory = Path.Combine(Root, "journals"));
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.Configure<MonitorOptions>(o =>
            {
                o.ImmediateRetries = Options.ImmediateRetries;
                o.RetryInterval = Options.RetryInterval;
                o.CheckInterval = Options.CheckInterval;
                o.ProbeInterval = Options.ProbeInterval;
                o.MaxWorkersPerShard = Options.MaxWorkersPerShard;
                o.CheckpointDirectory = Options.CheckpointDirectory;
                o.StagingDirectory = Options.StagingDirectory;
            });
            _configureServices?.Invoke(silo.Services);
        });
        Cluster = builder.Build();
    }

    /// <summary>The test process's uid: test users read and write as the process does (the folders are its own).</summary>
    public static int ProcessUid { get; } = (int)NativeIds.getuid();

    /// <summary>The test process's gid.</summary>
    public static int ProcessGid { get; } = (int)NativeIds.getgid();

    public InProcessTestCluster Cluster { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));

    public MonitorOptions Options { get; }

    public string Root { get; }

    public IClusterClient Client => Cluster.Client;

    public Task StartAsync() => Cluster.DeployAsync();

    public async Task RestartAsync()
    {
        var silo = Cluster.Silos[0];
        await Cluster.RestartSiloAsync(silo);
    }

    /// <summary>Acts as the administrator for the calls that follow in this flow.</summary>
    public static void AsAdmin() => CallerPrincipal.ActAs("admin", administrator: true);

    /// <summary>Acts as a named user for the calls that follow in this flow.</summary>
    public static void AsUser(string name) => CallerPrincipal.ActAs(name, administrator: false);

    /// <summary>A folder under the test root, created.</summary>
    public string Folder(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    public async Task<UserInfo> AddUserAsync(string name, int maxPriority = 5, params string[] roots)
    {
        AsAdmin();
        var list = roots.Length > 0 ? roots : [Folder("home", name)];
        return await Client.GetGrain<IUserGrain>(name).DefineAsync(new UserDefinition(name, ProcessUid, ProcessGid, maxPriority, list), allowUpdate: false);
    }

    public async Task<DestinationInfo> AddLocalDestinationAsync(string name, string? directory = null)
    {
        AsAdmin();
        var dir = directory ?? Folder("dest", name);
        return await Client.GetGrain<IDestinationGrain>(name).DefineAsync(new DestinationDefinition(name, DestinationTransport.Local, dir, null, null, null), allowUpdate: false);
    }

    public static FileSetDefinition FileSet(string owner, string name, string source, string destination, string batch = "default", int priority = 1, string schedule = "manual", string? targetPath = null)
        => new(owner, name, source, [], [], [new FileSetTarget(destination, targetPath ?? $"{owner}/{name}")], batch, schedule, priority, new FileSetOptions(Durable: false));

    public async Task<FileSetInfo> AddFileSetAsync(FileSetDefinition definition)
    {
        AsUser(definition.Owner);
        return await Client.GetGrain<IFileSetGrain>(definition.Key).DefineAsync(definition, allowUpdate: false);
    }

    public async Task<StatusReport> StatusAsync(string? user = null)
    {
        AsAdmin();
        return await Client.GetGrain<IStatusGrain>(RegistryKeys.System).GetStatusAsync(new StatusQuery(user, IncludeIdle: true, Limit: 10_000));
    }

    public async Task<WorkerStatus?> WorkerStatusAsync(string workerKey)
        => (await StatusAsync(WorkerKey.Parse(workerKey).User)).Workers.FirstOrDefault(w => w.WorkerKey == workerKey);

    public async Task<WorkerSnapshot> WorkerAsync(string workerKey)
    {
        AsAdmin();
        return await Client.GetGrain<ISyncWorkerGrain>(workerKey).GetSnapshotAsync();
    }

    /// <summary>Polls until the condition holds (bounded; an async condition, not a timing assertion).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T value;
        while (true)
        {
            value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}; last value: {value}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Moves the fake clock in one-minute steps (so each reminder tick is delivered in turn).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        // Timer callbacks run inside Advance on this flow; clear the test's principal so reminder ticks
        // arrive as they do in a silo (from inside, with no caller), not as the user the test last acted as.
        CallerPrincipal.ActAsSilo();
        for (var moved = TimeSpan.Zero; moved < by; moved += TimeSpan.FromMinutes(1))
        {
            Time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
