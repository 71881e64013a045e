using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansHa.Grains.Journals;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Journals;
using OrleansHa.Security;
using OrleansHa.Storage;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>
/// Two systems, PROD and BACKUP: two Orleans in-process test clusters, each with its own journal database in its own
/// folder (grain state and reminders in SQLite there too, so a silo restart keeps them), sharing one fake clock (which drives the journals' ship timers). PROD reaches BACKUP through
/// <see cref="ClusterConnector"/> over BACKUP's cluster client, as a silo reaches another system through a client of
/// its own. Calls are made as the administrator unless a test acts as someone else.
/// </summary>
public class TwoSystemsFixture : IAsyncLifetime
{
    public static readonly RemoteSystemAddress BackupAddress = new("BACKUP", "127.0.0.1:1", "backup-admin");

    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansha-journal-systems", Guid.NewGuid().ToString("N"));

    public ClusterClock Clock { get; } = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));

    public ClusterConnector Connector { get; } = new();

    public InProcessTestCluster Prod { get; private set; } = null!;

    public InProcessTestCluster Backup { get; private set; } = null!;

    /// <summary>
    /// BACKUP's Orleans message body limit (<c>MessagingOptions.MaxMessageBodySize</c>, 100 MB by default), small here so
    /// that a batch sized by count alone (<see cref="JournalOptions.ShipBatchSize"/> 1,000) of large records outgrows it.
    /// </summary>
    public const int BackupMessageLimit = 2 * 1024 * 1024;

    /// <summary>PROD's byte budget per shipping batch, under <see cref="BackupMessageLimit"/>.</summary>
    public const long ShipBatchBytes = 1024 * 1024;

    /// <summary>PROD's largest entry an append takes.</summary>
    public const long MaxEntryBytes = 512 * 1024;

    /// <summary>A step of the clock that lets the ship timer and retries run.</summary>
    public static TimeSpan Step => TimeSpan.FromMilliseconds(500);

    public async Task InitializeAsync()
    {
        Backup = Build("BACKUP");
        await Backup.DeployAsync();
        Connector.Add("BACKUP", () => Backup.Client);
        Prod = Build("PROD");
        Clock.IsOurs = silo => silo is not null && (Prod.ContainsSilo(silo) || Backup.ContainsSilo(silo));
        await Prod.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Prod.DisposeAsync();
        await Backup.DisposeAsync();
        Clock.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Scratch folders left in /tmp are harmless.
        }
    }

    /// <summary>PROD's journal, called as the administrator (who may do everything to a journal).</summary>
    public IJournalGrain Journal(string name)
    {
        CallerPrincipal.ActAs("admin", administrator: true);
        return Prod.Client.GetGrain<IJournalGrain>(name);
    }

    /// <summary>PROD's journal, called as the named user (not the administrator).</summary>
    public IJournalGrain JournalAs(string name, string user)
    {
        CallerPrincipal.ActAs(user, administrator: false);
        return Prod.Client.GetGrain<IJournalGrain>(name);
    }

    /// <summary>BACKUP's replica of PROD's journal, called as the administrator.</summary>
    public IRemoteJournalGrain Replica(string name)
    {
        CallerPrincipal.ActAs("admin", administrator: true);
        return Backup.Client.GetGrain<IRemoteJournalGrain>(name + "@PROD");
    }

    /// <summary>Defines a journal on PROD shipping to BACKUP.</summary>
    public Task<JournalStatus> DefineAsync(string name, long queueLimit = 1_000_000, params SelectionRule[] rules)
        => Journal(name).DefineAsync(new JournalDefinition([BackupAddress], rules, queueLimit));

    /// <summary>Waits (moving the clock) until BACKUP has applied up to <paramref name="sequence"/> and PROD knows it.</summary>
    public async Task<bool> ReplicatedAsync(string name, long sequence)
        => await Poll.UntilAsync(
            async () => (await Journal(name).GetStatusAsync()).Receivers.All(r => r.Acknowledged >= sequence),
            Clock,
            Step);

    private InProcessTestCluster Build(string system)
    {
        var data = Path.Combine(_root, system);
        var builder = new InProcessTestClusterBuilder(1);
        if (system == "BACKUP")
        {
            builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.MaxMessageBodySize = BackupMessageLimit));
        }

        builder.ConfigureSilo((_, silo) =>
        {
            if (system == "BACKUP")
            {
                silo.Configure<SiloMessagingOptions>(o => o.MaxMessageBodySize = BackupMessageLimit);
            }

            // Durable grain storage and reminders: the recovery tests kill and restart a system's only silo, and the
            // journal's resume reminder must come back with it.
            silo.AddSqliteGrainStorageAsDefault(o => o.DataDirectory = data);
            silo.UseSqliteReminderService(o => o.DataDirectory = data);
            Clock.Install(silo);
            silo.Services.AddSingleton<IRemoteSystemConnector>(Connector);
            silo.Services.AddOrleansHaGrains();
            silo.Services.Configure<JournalStoreOptions>(o => o.DataDirectory = data);
            silo.Services.Configure<JournalOptions>(o =>
            {
                o.SystemName = system;
                o.ShipInterval = TimeSpan.FromSeconds(1);
                o.RetryDelay = TimeSpan.FromSeconds(1);
                o.MaxRetryDelay = TimeSpan.FromSeconds(2);
                o.ShipBatchSize = 1_000;
                o.MaxShipBatchBytes = ShipBatchBytes;
                o.MaxEntryBytes = MaxEntryBytes;
            });
        });
        return builder.Build();
    }
}
