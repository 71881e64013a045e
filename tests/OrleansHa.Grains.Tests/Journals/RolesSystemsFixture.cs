using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansHa.Grains.Journals;
using OrleansHa.Grains.Roles;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;
using OrleansHa.Storage;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>
/// Two systems, PROD and BACKUP, that reach each other both ways through <see cref="ClusterConnector"/> (journals in
/// both directions, as an HA group has them), each knowing its own name for the HA group grain. The group is left to the
/// tests (or a derived fixture): the group grain of main defines it, which is all the journal side needs.
/// </summary>
public class RolesSystemsFixture : IAsyncLifetime
{
    public static readonly RemoteSystemAddress ProdAddress = new("PROD", "127.0.0.1:2", "prod-admin");

    public static readonly RemoteSystemAddress BackupAddress = new("BACKUP", "127.0.0.1:1", "backup-admin");

    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansha-journal-roles", Guid.NewGuid().ToString("N"));

    public ClusterClock Clock { get; } = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    public ClusterConnector Connector { get; } = new();

    public InProcessTestCluster Prod { get; private set; } = null!;

    public InProcessTestCluster Backup { get; private set; } = null!;

    /// <summary>A step of the clock that lets the ship timer and retries run.</summary>
    public static TimeSpan Step => TimeSpan.FromMilliseconds(500);

    public virtual async Task InitializeAsync()
    {
        Backup = Build("BACKUP");
        Prod = Build("PROD");
        Connector.Add("BACKUP", () => Backup.Client);
        Connector.Add("PROD", () => Prod.Client);
        Clock.IsOurs = silo => silo is not null && (Prod.ContainsSilo(silo) || Backup.ContainsSilo(silo));
        await Backup.DeployAsync();
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

    public InProcessTestCluster System(string name) => name == "PROD" ? Prod : Backup;

    /// <summary>A system's local journal, called as the administrator.</summary>
    public IJournalGrain Journal(string system, string name)
    {
        CallerPrincipal.ActAs("admin", administrator: true);
        return System(system).Client.GetGrain<IJournalGrain>(name);
    }

    /// <summary>A system's local journal, called as that system's silo would (the group grain's calls).</summary>
    public IJournalGrain JournalAsSilo(string system, string name)
    {
        CallerPrincipal.ActAsSilo();
        return System(system).Client.GetGrain<IJournalGrain>(name);
    }

    /// <summary>A remote journal (<c>name@SOURCE</c>) held by <paramref name="system"/>, called as the administrator.</summary>
    public IRemoteJournalGrain Replica(string system, string key)
    {
        CallerPrincipal.ActAs("admin", administrator: true);
        return System(system).Client.GetGrain<IRemoteJournalGrain>(key);
    }

    /// <summary>A system's journal store, as the test reads what the grains wrote.</summary>
    public IJournalStore Store(string system) => System(system).Silos[0].ServiceProvider.GetRequiredService<IJournalStore>();

    /// <summary>Defines a journal on <paramref name="system"/> shipping to the other system.</summary>
    public Task<JournalStatus> DefineJournalAsync(string system, string name)
        => Journal(system, name).DefineAsync(new JournalDefinition([system == "PROD" ? BackupAddress : ProdAddress], [], 1_000_000));

    /// <summary>Defines the HA group on <paramref name="system"/> (as its administrator does), naming the production system.</summary>
    public Task<HaGroupStatus> DefineGroupAsync(string system, string production)
    {
        CallerPrincipal.ActAs("admin", administrator: true);
        var other = system == "PROD" ? BackupAddress : ProdAddress;
        return System(system).Client.GetGrain<IHaGroupGrain>(HaGroups.Default).DefineAsync(new HaGroupDefinition(
            [new HaGroupMember(system, null, null), new HaGroupMember(other.SystemName, other.Gateway, other.CredentialName)],
            production));
    }

    /// <summary>Waits (moving the clock) until <paramref name="condition"/> holds of a journal's status on <paramref name="system"/>.</summary>
    public async Task<JournalStatus> StatusWhenAsync(string system, string name, Func<JournalStatus, bool> condition, string what)
    {
        Assert.True(
            await Poll.UntilAsync(async () => condition(await Journal(system, name).GetStatusAsync()), Clock, Step),
            $"Timed out waiting for {what}; last status: {Describe(await Journal(system, name).GetStatusAsync())}");
        return await Journal(system, name).GetStatusAsync();
    }

    private static string Describe(JournalStatus status)
        => $"last sequence {status.LastSequence}; " + string.Join("; ", status.Receivers.Select(r => $"{r.SystemName}: acknowledged {r.Acknowledged}, retries {r.Retries}, error {r.LastError ?? "none"}"));

    private InProcessTestCluster Build(string system)
    {
        var data = Path.Combine(_root, system);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorageAsDefault(o => o.DataDirectory = data);
            silo.UseSqliteReminderService(o => o.DataDirectory = data);
            Clock.Install(silo);
            silo.Services.AddSingleton<IRemoteSystemConnector>(Connector);
            silo.Services.AddOrleansHaGrains();
            silo.Services.Configure<JournalStoreOptions>(o => o.DataDirectory = data);
            silo.Services.Configure<RoleOptions>(o => o.SystemName = system);
            silo.Services.Configure<JournalOptions>(o =>
            {
                o.SystemName = system;
                o.ShipInterval = TimeSpan.FromSeconds(1);
                o.RetryDelay = TimeSpan.FromSeconds(1);
                o.MaxRetryDelay = TimeSpan.FromSeconds(2);
            });
        });
        return builder.Build();
    }
}
