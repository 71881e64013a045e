using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Monitoring;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Status;
using OrleansHa.Storage;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>
/// An in-process Orleans cluster (Microsoft.Orleans.TestingHost) with the monitor's grains, memory grain storage and
/// in-memory reminders, a fake clock that drives our grains, grain timers and reminders (<see cref="ClusterClock"/>),
/// short retry intervals, and a temporary folder for sources, destinations and checkpoints.
/// </summary>
public sealed class MonitorCluster : IAsyncDisposable
{
    /// <summary>The monitor shard's reminder (MonitorGrain's periodic check).</summary>
    public const string CheckReminder = "check";

    /// <summary>A file set's schedule reminder.</summary>
    public const string ScheduleReminder = "schedule";

    /// <summary>A destination's probe reminder.</summary>
    public const string ProbeReminder = "probe";

    /// <param name="configure">Changes to the monitor's options.</param>
    /// <param name="configureServices">More silo services (e.g. the connector to another system).</param>
    /// <param name="storage">Grain storage and reminders; memory storage and in-memory reminders when null (they do not survive a restart of the only silo).</param>
    /// <param name="silos">How many silos.</param>
    public MonitorCluster(Action<MonitorOptions>? configure = null, Action<IServiceCollection>? configureServices = null, Action<ISiloBuilder, string>? storage = null, short silos = 1)
    {
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
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            if (storage is null)
            {
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
            }
            else
            {
                storage(silo, Path.Combine(Root, "data"));
            }

            silo.Services.AddOrleansHaGrains();
            // The journals' store (registered with the grains) needs the silo's data folder.
            silo.Services.Configure<OrleansHa.Journals.JournalStoreOptions>(o => o.DataDirectory = Path.Combine(Root, "journals"));
            Clock.Install(silo);
            silo.Services.Configure<MonitorOptions>(o =>
            {
                o.ImmediateRetries = Options.ImmediateRetries;
                o.RetryInterval = Options.RetryInterval;
                o.CheckInterval = Options.CheckInterval;
                o.ProbeInterval = Options.ProbeInterval;
                o.ProbeTimeout = Options.ProbeTimeout;
                o.MaxWorkersPerShard = Options.MaxWorkersPerShard;
                o.MaxConcurrentRuns = Options.MaxConcurrentRuns;
                o.CheckpointDirectory = Options.CheckpointDirectory;
                o.StagingDirectory = Options.StagingDirectory;
            });
            configureServices?.Invoke(silo.Services);
        });
        Cluster = builder.Build();
        Clock.IsOurs = silo => silo is not null && Cluster.ContainsSilo(silo);
    }

    /// <summary>The test process's uid: test users read and write as the process does (the folders are its own).</summary>
    public static int ProcessUid { get; } = (int)NativeIds.getuid();

    /// <summary>The test process's gid.</summary>
    public static int ProcessGid { get; } = (int)NativeIds.getgid();

    /// <summary>
    /// Grain storage and reminders in a SQLite file in the silo's data folder (the storage library's providers): what
    /// a test needs that restarts the only silo and expects its state and reminders back.
    /// </summary>
    public static void DurableStorage(ISiloBuilder silo, string dataDirectory)
    {
        silo.AddSqliteGrainStorageAsDefault(o => o.DataDirectory = dataDirectory);
        silo.UseSqliteReminderService(o => o.DataDirectory = dataDirectory);
    }

    public InProcessTestCluster Cluster { get; }

    public ClusterClock Clock { get; } = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));

    public MonitorOptions Options { get; }

    public string Root { get; }

    public IClusterClient Client => Cluster.Client;

    public Task StartAsync() => Cluster.DeployAsync();

    /// <summary>Restarts the first silo (the only one, unless the cluster was built with more).</summary>
    public async Task RestartAsync()
    {
        await Cluster.RestartSiloAsync(Cluster.Silos[0]);
        await Cluster.WaitForLivenessToStabilizeAsync();
    }

    /// <summary>Acts as the administrator for the calls that follow in this flow.</summary>
    public static void AsAdmin() => CallerPrincipal.ActAs("admin", administrator: true);

    /// <summary>Acts as a silo (a trusted in-silo call, the only caller of silo-only methods) for the calls that follow in this flow.</summary>
    public static void AsSilo() => CallerPrincipal.ActAsSilo();

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

    /// <summary>
    /// A file set definition. The target path defaults to the file set's name: on a local destination each user's
    /// targets lie under the user's own folder, so the files land in <c>&lt;directory&gt;/&lt;owner&gt;/&lt;name&gt;</c>.
    /// </summary>
    public static FileSetDefinition FileSet(string owner, string name, string source, string destination, string batch = "default", int priority = 1, string schedule = "manual", string? targetPath = null)
        => new(owner, name, source, [], [], [new FileSetTarget(destination, targetPath ?? name)], batch, schedule, priority, new FileSetOptions(Durable: false));

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
        return await Client.GetGrain<IStatusGrain>(RegistryKeys.System).GetWorkerAsync(workerKey);
    }

    /// <summary>Polls until the condition holds (bounded; an observable condition Orleans has no event for, not a timing assertion).</summary>
    public static Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what)
        => Poll.UntilAsync(probe, condition, what);

    /// <summary>Moves the fake clock in one-minute steps.</summary>
    public Task AdvanceAsync(TimeSpan by) => Clock.AdvanceAsync(by);

    /// <summary>Moves the clock until monitor shard <paramref name="shard"/>'s periodic check has run after this call.</summary>
    public Task NextCheckAsync(long shard = 0) => Clock.NextTickAsync(Client.GetGrain<IMonitorGrain>(shard), CheckReminder);

    /// <summary>Moves the clock until <paramref name="fileSetKey"/>'s schedule has ticked after this call.</summary>
    public Task NextScheduleTickAsync(string fileSetKey) => Clock.NextTickAsync(Client.GetGrain<IFileSetGrain>(fileSetKey), ScheduleReminder);

    /// <summary>Moves the clock until destination <paramref name="name"/> has probed itself after this call.</summary>
    public Task NextProbeAsync(string name) => Clock.NextTickAsync(Client.GetGrain<IDestinationGrain>(name), ProbeReminder);

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Clock.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
