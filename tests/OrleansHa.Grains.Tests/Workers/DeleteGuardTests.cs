using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Destinations;
using OrleansHa.Grains.Tests.Monitor;
using OrleansHa.Monitoring;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Workers;

/// <summary>
/// The worker's side of the delete guard: a refused run is recorded as refused with why, the worker needs an operator
/// (STATUS shows it) and is not retried; <c>sync now --allow-mass-delete</c> lets one run through and clears it. The
/// refusal comes from the test transport here, as the engine raises it (the engine's own check has its tests, and the
/// end-to-end test runs the real one).
/// </summary>
public sealed class DeleteGuardTests(DeleteGuardTests.GuardFixture fixture) : IClassFixture<DeleteGuardTests.GuardFixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task Run_WhenTheDeleteGuardRefuses_NeedsAnOperatorIsNotRetriedAndAllowMassDeleteLetsOneRunThrough()
    {
        await C.AddUserAsync("guard1");
        var destination = C.Folder("dest", "GUARD1");
        await C.AddLocalDestinationAsync("GUARD1", destination);
        var source = C.Folder("home", "guard1", "docs");
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), "a");
        await C.AddFileSetAsync(MonitorCluster.FileSet("guard1", "docs", source, "GUARD1") with { Options = new FileSetOptions(MirrorDeletes: true, Durable: false, MassDeleteShare: 0.3, MassDeleteMinimum: 2) });
        var key = WorkerKey.Format("guard1", "GUARD1", "default");
        var copied = Path.Combine(destination, "guard1", "docs", "a.txt");
        Assert.Equal(RunOutcome.Succeeded, (await RunNowAsync(key, allowMassDelete: false)).Outcome);

        // The source is emptied (the classic unmounted share) and the guard refuses.
        File.Delete(Path.Combine(source, "a.txt"));
        fixture.Transport.Refuse("guard1", "docs", on: true);
        var refused = await RunNowAsync(key, allowMassDelete: false);
        var status = await C.WorkerStatusAsync(key);
        var counts = (await C.StatusAsync("guard1")).Counts;
        var snapshot = await C.WorkerAsync(key);

        // Past the slow retry interval, through the shard's check: nothing is retried.
        await C.AdvanceAsync(C.Options.RetryInterval + TimeSpan.FromMinutes(1));
        await C.NextCheckAsync();
        var afterCheck = await C.WorkerStatusAsync(key);
        var runsAfterCheck = await ActivityAsync("guard1");

        // The operator lets one run through.
        fixture.Transport.Refuse("guard1", "docs", on: false);
        var allowed = await RunNowAsync(key, allowMassDelete: true);
        var cleared = await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(key), w => w?.State == WorkerState.Idle, "the worker to be idle after the run let through");

        Assert.Equal(RunOutcome.Refused, refused.Outcome);
        Assert.Contains("delete guard", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-mass-delete", refused.Error, StringComparison.Ordinal);
        Assert.Equal(WorkerState.NeedsOperator, status!.State);
        Assert.Equal(0, status.Failures);
        Assert.Null(status.NextRetryAt);
        Assert.Equal(refused.Error, status.LastError);
        Assert.Equal(1, counts.NeedsOperator);
        Assert.Contains("docs", snapshot.NeedsOperator, StringComparison.Ordinal);
        Assert.Equal(WorkerState.NeedsOperator, afterCheck!.State);
        Assert.Equal(2, runsAfterCheck.Count);
        Assert.Equal(RunOutcome.Succeeded, allowed.Outcome);
        Assert.Equal("sync now (mass delete allowed)", allowed.Reason);
        Assert.Equal(1, allowed.FilesDeleted);
        Assert.False(File.Exists(copied));
        Assert.Null(cleared!.LastError);
        Assert.Null((await C.WorkerAsync(key)).NeedsOperator);
    }

    [Fact]
    public async Task DestinationBack_WhenTheWorkerNeedsAnOperatorForAnotherFileSet_StillWakesItsWaitingRun()
    {
        await C.AddUserAsync("guard5");
        await C.AddLocalDestinationAsync("GUARD5");
        foreach (var name in new[] { "docs", "other" })
        {
            var source = C.Folder("home", "guard5", name);
            await File.WriteAllTextAsync(Path.Combine(source, name + ".txt"), name);
            await C.AddFileSetAsync(MonitorCluster.FileSet("guard5", name, source, "GUARD5"));
        }

        var key = WorkerKey.Format("guard5", "GUARD5", "default");
        fixture.Transport.Refuse("guard5", "docs", on: true);
        var refused = await RunNowAsync(key, allowMassDelete: false);
        var destination = C.Client.GetGrain<IDestinationGrain>("GUARD5");
        MonitorCluster.AsAdmin();
        await destination.SetSyncEnabledAsync(false);
        MonitorCluster.AsUser("guard5");
        var ticket = Assert.Single(await C.Client.GetGrain<IFileSetGrain>("guard5/other").QueueRunNowAsync(null));
        var waiting = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(key), s => s.WaitingFor is not null && s.Queue.Any(r => r.RunId == ticket.RunId), "the other file set's run to wait for the destination");

        // Enabled again: the monitor wakes the worker now, not at its watchdog's next tick (the clock does not move).
        MonitorCluster.AsAdmin();
        await destination.SetSyncEnabledAsync(true);
        var done = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(key), s => s.LastRun?.RunId == ticket.RunId, "the waiting run to go once the destination is back");
        var reported = await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(key), w => w is not null && w.State != WorkerState.Running, "the monitor to hear of the run's end");

        Assert.Equal(RunOutcome.Refused, refused.Outcome);
        Assert.Equal(WorkerState.NeedsOperator, waiting.State);
        Assert.Equal(RunOutcome.Succeeded, done.LastRun!.Outcome);
        Assert.Equal(WorkerState.NeedsOperator, reported!.State);
    }

    [Theory]
    [InlineData("guard2", 1.5, null, "mass-delete-share")]
    [InlineData("guard3", 0.0, null, "mass-delete-share")]
    [InlineData("guard4", null, -1L, "mass-delete-minimum")]
    public async Task Define_WhenTheGuardsLimitsAreOutOfRange_RefusesNamingTheOption(string user, double? share, long? minimum, string field)
    {
        await C.AddUserAsync(user);
        var destination = user.ToUpperInvariant();
        await C.AddLocalDestinationAsync(destination);
        var definition = MonitorCluster.FileSet(user, "docs", C.Folder("home", user, "docs"), destination)
            with { Options = new FileSetOptions(MirrorDeletes: true, MassDeleteShare: share, MassDeleteMinimum: minimum) };

        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.AddFileSetAsync(definition));

        Assert.Contains(error.Problems, p => p.Field == field && p.Allowed is not null);
    }

    private async Task<RunRecord> RunNowAsync(string workerKey, bool allowMassDelete, string fileSet = "docs")
    {
        var (user, _, _) = WorkerKey.Parse(workerKey);
        MonitorCluster.AsUser(user);
        var ticket = Assert.Single(await C.Client.GetGrain<IFileSetGrain>(FileSetKey.Format(user, fileSet)).QueueRunNowAsync(null, allowMassDelete));
        var done = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(workerKey), s => s.LastRun?.RunId == ticket.RunId && s.InFlightRunId is null, "the run to end");

        // The worker reports the run's end to its monitor shard after it has saved it; STATUS said "running" since the
        // start report, which the worker awaited before the run began, so a state other than running is the end report.
        await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(workerKey), w => w is not null && w.State != WorkerState.Running, "the monitor to hear of the run's end");
        return done.LastRun!;
    }

    private async Task<IReadOnlyList<RunRecord>> ActivityAsync(string user)
    {
        MonitorCluster.AsAdmin();
        return await C.Client.GetGrain<IActivityLogGrain>(user).QueryAsync(new ActivityQuery(Limit: 100));
    }

    /// <summary>A monitor cluster whose transport can refuse as the delete guard does.</summary>
    public sealed class GuardFixture : IAsyncLifetime
    {
        public GuardFixture()
        {
            Cluster = new MonitorCluster(configureServices: services => services.Replace(ServiceDescriptor.Singleton<IReplicaTransport>(sp => Transport.Around(new ReplicaTransport(sp)))));
        }

        public GatedTransport Transport { get; } = new();

        public MonitorCluster Cluster { get; }

        public Task InitializeAsync() => Cluster.StartAsync();

        public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
    }
}
