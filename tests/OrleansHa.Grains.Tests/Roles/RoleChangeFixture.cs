using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansHa.Destinations;
using OrleansHa.Grains.Journals;
using OrleansHa.Grains.Roles;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;
using OrleansHa.Storage;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Tests.Roles;

/// <summary>
/// PROD and BACKUP in one HA group (PROD production at epoch 1), reaching each other both ways through
/// <see cref="ClusterConnector"/> (which can cut a link), with the reverse definitions a swap needs: a silo destination
/// each way and journal <c>orders</c> defined on both sides, each shipping to the other. Grain state is in
/// <see cref="InterceptedGrainStorage"/>, so a test can make the group grain's next write fail (a crash between steps);
/// journals and reminders are in SQLite. One fake clock drives the ship timers, the group grain's timers and reminders.
/// </summary>
public class RoleChangeFixture : IAsyncLifetime
{
    public const string Journal = "orders";

    private static readonly RemoteSystemAddress ProdAddress = new("PROD", "127.0.0.1:2", "prod-admin");
    private static readonly RemoteSystemAddress BackupAddress = new("BACKUP", "127.0.0.1:1", "backup-admin");

    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansha-role-changes", Guid.NewGuid().ToString("N"));

    public ClusterClock Clock { get; } = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    public ClusterConnector Connector { get; } = new();

    public InterceptedGrainStorage.Rules ProdStorage { get; } = new();

    public InProcessTestCluster Prod { get; private set; } = null!;

    public InProcessTestCluster Backup { get; private set; } = null!;

    /// <summary>The automatic failover policy BACKUP's definition carries; null for none.</summary>
    protected virtual AutoFailoverPolicy? BackupPolicy => null;

    public async Task InitializeAsync()
    {
        Backup = Build("BACKUP", new InterceptedGrainStorage.Rules());
        Prod = Build("PROD", ProdStorage);
        Connector.Add("BACKUP", () => Backup.Client);
        Connector.Add("PROD", () => Prod.Client);
        Clock.IsOurs = silo => silo is not null && (Prod.ContainsSilo(silo) || Backup.ContainsSilo(silo));
        await Backup.DeployAsync();
        await Prod.DeployAsync();
        foreach (var (system, other) in new[] { ("PROD", BackupAddress), ("BACKUP", ProdAddress) })
        {
            CallerPrincipal.ActAs("admin", administrator: true);
            var client = System(system).Client;
            await client.GetGrain<IDestinationGrain>(other.SystemName).DefineAsync(
                new DestinationDefinition(other.SystemName, DestinationTransport.Silo, null, other.Gateway, other.SystemName, other.CredentialName), allowUpdate: false);
            await client.GetGrain<IJournalGrain>(Journal).DefineAsync(new JournalDefinition([other], [], 1_000_000));
            await client.GetGrain<IHaGroupGrain>(HaGroups.Default).DefineAsync(new HaGroupDefinition(
                [new HaGroupMember(system, null, null), new HaGroupMember(other.SystemName, other.Gateway, other.CredentialName)],
                "PROD", system == "BACKUP" ? BackupPolicy : null));
        }
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

    /// <summary>A system's HA group grain, called as the administrator.</summary>
    public IHaGroupGrain Group(string system)
    {
        CallerPrincipal.ActAs("admin", administrator: true);
        return System(system).Client.GetGrain<IHaGroupGrain>(HaGroups.Default);
    }

    /// <summary>A system's journal <see cref="Journal"/>, called as the administrator.</summary>
    public IJournalGrain Orders(string system)
    {
        CallerPrincipal.ActAs("admin", administrator: true);
        return System(system).Client.GetGrain<IJournalGrain>(Journal);
    }

    /// <summary>The replica <c>orders@SOURCE</c> held by <paramref name="system"/>.</summary>
    public IRemoteJournalGrain Replica(string system, string source)
    {
        CallerPrincipal.ActAs("admin", administrator: true);
        return System(system).Client.GetGrain<IRemoteJournalGrain>($"{Journal}@{source}");
    }

    /// <summary>Moves the clock (so ship timers, retries and the group's timers run) until <paramref name="task"/> has ended.</summary>
    public async Task<T> DriveAsync<T>(Task<T> task)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Clock.AdvanceAsync(TimeSpan.FromMilliseconds(200));
            await Task.WhenAny(task, Task.Delay(10));
        }

        return await task;
    }

    /// <summary>Waits (moving the clock) until a system's group status satisfies <paramref name="condition"/>.</summary>
    public async Task<HaGroupStatus> StatusWhenAsync(string system, Func<HaGroupStatus, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            HaGroupStatus? status = null;
            try
            {
                status = await Group(system).GetStatusAsync();
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                // An activation being dropped after a failed write: ask again.
            }

            if (status is not null && condition(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting for {what} on {system}; last status: {status}");
            }

            await Clock.AdvanceAsync(TimeSpan.FromMilliseconds(200));
            await Task.Delay(10);
        }
    }

    private InProcessTestCluster Build(string system, InterceptedGrainStorage.Rules storage)
    {
        var data = Path.Combine(_root, system);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            InterceptedGrainStorage.Add(silo, storage);
            silo.UseSqliteReminderService(o => o.DataDirectory = data);
            Clock.Install(silo);
            silo.Services.AddSingleton<IRemoteSystemConnector>(Connector);
            silo.Services.AddOrleansHaGrains();
            silo.Services.Configure<JournalStoreOptions>(o => o.DataDirectory = data);
            silo.Services.Configure<RoleOptions>(o =>
            {
                o.SystemName = system;
                o.FailoverProbeInterval = TimeSpan.FromSeconds(1);
                o.AnnounceInterval = TimeSpan.FromSeconds(1);
            });
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
