using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Destinations;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Grains.Tests.Monitor;
using OrleansHa.Monitoring;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Workers;

/// <summary>
/// A system of two silos whose grain state and reminders outlive either (as Azure Blob state and Table reminders do):
/// the silo running a sync dies mid-run, and the worker carries on on the other.
/// </summary>
public sealed class WorkerFailoverTests(WorkerFailoverTests.Fixture fixture) : IClassFixture<WorkerFailoverTests.Fixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task Run_WhenTheSiloRunningItIsKilled_TheWatchdogRetriesItOnTheOtherSiloAndEachRunIsRecordedOnce()
    {
        await C.AddUserAsync("fail1");
        var root = C.Folder("dest", "FO1");
        await C.AddLocalDestinationAsync("FO1", root);
        var source = C.Folder("home", "fail1", "docs");
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), "alpha");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        await File.WriteAllTextAsync(Path.Combine(source, "sub", "c.txt"), "gamma");
        await C.AddFileSetAsync(MonitorCluster.FileSet("fail1", "docs", source, "FO1"));
        var key = WorkerKey.Format("fail1", "FO1", "default");
        fixture.Transport.Close("FO1");
        MonitorCluster.AsUser("fail1");
        var ticket = Assert.Single(await C.Client.GetGrain<IFileSetGrain>("fail1/docs").QueueRunNowAsync(null, false));
        await fixture.Transport.Entered("FO1").WaitAsync(TimeSpan.FromSeconds(30));
        var running = await C.WorkerAsync(key);
        Assert.Equal(ticket.RunId, running.InFlightRunId);
        var victim = C.Cluster.Silos.Single(s => s.SiloAddress.ToString() == running.Silo);
        var survivor = C.Cluster.Silos.Single(s => s != victim).SiloAddress.ToString();

        // The run stays where the dead silo left it, half way.
        fixture.Transport.Forget("FO1");
        await C.Cluster.KillSiloAsync(victim);
        // Nobody calls the worker: its watchdog reminder, now owned by the other silo, wakes it there.
        await C.Clock.NextTickAsync(C.Client.GetGrain<ISyncWorkerGrain>(key), "watchdog");
        var done = await MonitorCluster.EventuallyAsync(() => WorkerOrNullAsync(key), s => s is { LastRun.Outcome: RunOutcome.Succeeded, InFlightRunId: null }, "the retry on the other silo to succeed");
        MonitorCluster.AsAdmin();
        var log = await C.Client.GetGrain<IActivityLogGrain>("fail1").QueryAsync(new ActivityQuery(Limit: 100));

        Assert.Equal(survivor, done!.Silo);
        Assert.Equal("alpha", await File.ReadAllTextAsync(Path.Combine(root, "fail1", "docs", "a.txt")));
        Assert.Equal("gamma", await File.ReadAllTextAsync(Path.Combine(root, "fail1", "docs", "sub", "c.txt")));
        Assert.Equal(2, log.Count);
        Assert.Equal(log.Count, log.Select(r => r.RunId).Distinct().Count());
        var lost = Assert.Single(log, r => r.RunId == ticket.RunId);
        Assert.Equal(RunOutcome.Failed, lost.Outcome);
        Assert.Contains("in flight", lost.Error, StringComparison.Ordinal);
        Assert.Equal(done.LastRun!.RunId, Assert.Single(log, r => r.Outcome == RunOutcome.Succeeded).RunId);
    }

    [Fact]
    public async Task Write_WhenAnotherActivationWroteTheStateMeanwhile_FailsAndTheNextCallGetsAFreshActivation()
    {
        await C.AddLocalDestinationAsync("ET1");
        var destination = C.Client.GetGrain<IDestinationGrain>("ET1");
        // Two activations of one grain (a silo declared dead while it still runs): the other one wrote last.
        fixture.Storage.Touch("destination", destination);

        MonitorCluster.AsAdmin();
        var conflict = await Assert.ThrowsAnyAsync<OrleansException>(() => destination.SetSyncEnabledAsync(false));
        // The stale activation is gone with its unsaved change: a fresh one answers from what is stored.
        MonitorCluster.AsAdmin();
        var after = await destination.GetAsync();
        MonitorCluster.AsAdmin();
        await destination.SetSyncEnabledAsync(false);
        MonitorCluster.AsAdmin();
        var info = await destination.GetAsync();

        Assert.IsType<Orleans.Storage.InconsistentStateException>(conflict);
        Assert.True(after!.SyncEnabled);
        Assert.False(info!.SyncEnabled);
    }

    /// <summary>The worker's snapshot, or null while the client still finds its gateway gone.</summary>
    private async Task<WorkerSnapshot?> WorkerOrNullAsync(string key)
    {
        try
        {
            return await C.WorkerAsync(key);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Two silos on shared grain storage and a shared reminder table, with fast failure detection.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public Fixture()
        {
            Cluster = new MonitorCluster(
                storage: (silo, _) =>
                {
                    SharedGrainStorage.Add(silo, Storage);
                    Reminders.Install(silo);
                    silo.Configure<ClusterMembershipOptions>(o =>
                    {
                        o.ProbeTimeout = TimeSpan.FromSeconds(1);
                        o.NumMissedProbesLimit = 2;
                        o.NumVotesForDeathDeclaration = 1;
                    });
                },
                configureServices: services => services.Replace(ServiceDescriptor.Singleton<IReplicaTransport>(sp => Transport.Around(new ReplicaTransport(sp)))),
                silos: 2);
        }

        public SharedGrainStorage.Store Storage { get; } = new();

        public SharedReminderTable Reminders { get; } = new();

        public GatedTransport Transport { get; } = new();

        public MonitorCluster Cluster { get; }

        public Task InitializeAsync() => Cluster.StartAsync();

        public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
    }
}
