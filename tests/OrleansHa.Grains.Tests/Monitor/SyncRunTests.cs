using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

public sealed class SyncRunTests(MonitorClusterFixture fixture) : IClassFixture<MonitorClusterFixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task SyncNow_WhenFileSetHasFiles_CopiesThemAndRecordsTheReport()
    {
        await C.AddUserAsync("run1");
        var destination = C.Folder("dest", "RUN1");
        await C.AddLocalDestinationAsync("RUN1", destination);
        var source = C.Folder("home", "run1", "docs");
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), "alpha");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        await File.WriteAllTextAsync(Path.Combine(source, "sub", "b.txt"), "beta");
        await C.AddFileSetAsync(MonitorCluster.FileSet("run1", "docs", source, "RUN1"));

        MonitorCluster.AsUser("run1");
        var workers = await C.Client.GetGrain<IFileSetGrain>("run1/docs").SyncNowAsync(null);
        var key = Assert.Single(workers);
        var snapshot = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(key), s => s.LastRun is not null && s.State == WorkerState.Idle, "the run to finish");

        Assert.True(snapshot.LastRun!.Outcome == RunOutcome.Succeeded, string.Join("; ", snapshot.LastRun.FailedPaths) + snapshot.LastRun.Error);
        Assert.Equal(2, snapshot.LastRun.FilesCopied);
        Assert.Equal("alpha", await File.ReadAllTextAsync(Path.Combine(destination, "run1", "docs", "a.txt")));
        Assert.Equal("beta", await File.ReadAllTextAsync(Path.Combine(destination, "run1", "docs", "sub", "b.txt")));
        Assert.Equal(1, snapshot.CheckpointCount);
        Assert.Equal(C.Cluster.Silos[0].SiloAddress.ToString(), snapshot.Silo);
        MonitorCluster.AsUser("run1");
        var info = await C.Client.GetGrain<IFileSetGrain>("run1/docs").GetAsync();
        Assert.Equal(RunOutcome.Succeeded, Assert.Single(info!.LastRuns).Outcome);
        MonitorCluster.AsUser("run1");
        var activity = await C.Client.GetGrain<IActivityLogGrain>("run1").QueryAsync(new ActivityQuery("docs"));
        Assert.Equal("sync now", Assert.Single(activity).Reason);
    }

    [Fact]
    public async Task ScheduledRun_WhenTheClockPassesTheInterval_RunsWithoutBeingAsked()
    {
        await C.AddUserAsync("run2");
        var destination = C.Folder("dest", "RUN2");
        await C.AddLocalDestinationAsync("RUN2", destination);
        var source = C.Folder("home", "run2", "docs");
        await File.WriteAllTextAsync(Path.Combine(source, "x.txt"), "x");
        await C.AddFileSetAsync(MonitorCluster.FileSet("run2", "docs", source, "RUN2", schedule: "every 2m"));

        await C.NextScheduleTickAsync("run2/docs");
        var snapshot = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(WorkerKey.Format("run2", "RUN2", "default")), s => s.LastRun is not null, "the scheduled run");

        Assert.Equal("schedule", snapshot.LastRun!.Reason);
        Assert.True(File.Exists(Path.Combine(destination, "run2", "docs", "x.txt")));
    }

    [Fact]
    public async Task Runs_WhenQueuedWhileSyncIsDisabled_WaitThenRunOneAtATimeHighestPriorityFirst()
    {
        await C.AddUserAsync("run3", maxPriority: 9);
        await C.AddLocalDestinationAsync("RUN3");
        foreach (var (name, priority) in new[] { ("first", 1), ("low", 2), ("high", 8), ("mid", 5) })
        {
            var folder = C.Folder("home", "run3", name);
            await File.WriteAllTextAsync(Path.Combine(folder, "f.txt"), name);
            await C.AddFileSetAsync(MonitorCluster.FileSet("run3", name, folder, "RUN3", priority: priority));
        }

        MonitorCluster.AsAdmin();
        await C.Client.GetGrain<IDestinationGrain>("RUN3").SetSyncEnabledAsync(false);
        foreach (var name in new[] { "first", "low", "high", "mid" })
        {
            MonitorCluster.AsUser("run3");
            await C.Client.GetGrain<IFileSetGrain>($"run3/{name}").SyncNowAsync(null);
        }

        var key = WorkerKey.Format("run3", "RUN3", "default");
        var waiting = await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(key), w => w?.State == WorkerState.WaitingForDestination, "the worker to wait");
        MonitorCluster.AsAdmin();
        await C.Client.GetGrain<IDestinationGrain>("RUN3").SetSyncEnabledAsync(true);
        await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(key), s => s.State == WorkerState.Idle && s.Queue.Count == 0 && s.CheckpointCount == 4, "all runs to finish");
        MonitorCluster.AsUser("run3");
        var log = await C.Client.GetGrain<IActivityLogGrain>("run3").QueryAsync(new ActivityQuery());

        Assert.Equal(0, waiting!.Failures);
        Assert.Contains("disabled", waiting.LastError, StringComparison.Ordinal);
        Assert.Equal(["run3/high", "run3/mid", "run3/low", "run3/first"], log.Reverse().Select(r => r.FileSet));
        Assert.All(log, r => Assert.Equal(RunOutcome.Succeeded, r.Outcome));
    }

    [Fact]
    public async Task SyncNow_WhenTheDestinationsQueueLimitIsReached_IsRefusedNotDropped()
    {
        await C.AddUserAsync("run4");
        MonitorCluster.AsAdmin();
        await C.Client.GetGrain<IDestinationGrain>("RUN4").DefineAsync(new DestinationDefinition("RUN4", DestinationTransport.Local, C.Folder("dest", "RUN4"), null, null, null, QueueLimit: 1), allowUpdate: false);
        await C.AddFileSetAsync(MonitorCluster.FileSet("run4", "a", C.Folder("home", "run4", "a"), "RUN4"));
        await C.AddFileSetAsync(MonitorCluster.FileSet("run4", "b", C.Folder("home", "run4", "b"), "RUN4"));
        MonitorCluster.AsAdmin();
        await C.Client.GetGrain<IDestinationGrain>("RUN4").SetSyncEnabledAsync(false);

        MonitorCluster.AsUser("run4");
        await C.Client.GetGrain<IFileSetGrain>("run4/a").SyncNowAsync(null);
        MonitorCluster.AsUser("run4");
        var refused = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.Client.GetGrain<IFileSetGrain>("run4/b").SyncNowAsync(null));

        Assert.Equal("queue-limit", refused.Field);
        Assert.Contains("at most 1 waiting run", refused.Message, StringComparison.Ordinal);
        Assert.Single((await C.WorkerAsync(WorkerKey.Format("run4", "RUN4", "default"))).Queue);
    }

    [Fact]
    public async Task Status_WhenRunsWaitForADisabledDestination_ShowsTheQueueThenTheFileSetsLastRuns()
    {
        await C.AddUserAsync("run5", maxPriority: 9);
        await C.AddLocalDestinationAsync("RUN5");
        foreach (var (name, priority) in new[] { ("low", 2), ("high", 7) })
        {
            var folder = C.Folder("home", "run5", name);
            await File.WriteAllTextAsync(Path.Combine(folder, "f.txt"), name);
            await C.AddFileSetAsync(MonitorCluster.FileSet("run5", name, folder, "RUN5", priority: priority));
        }

        MonitorCluster.AsAdmin();
        await C.Client.GetGrain<IDestinationGrain>("RUN5").SetSyncEnabledAsync(false);
        foreach (var name in new[] { "low", "high" })
        {
            MonitorCluster.AsUser("run5");
            await C.Client.GetGrain<IFileSetGrain>($"run5/{name}").SyncNowAsync(null);
        }

        var key = WorkerKey.Format("run5", "RUN5", "default");
        var waiting = await MonitorCluster.EventuallyAsync(() => C.StatusAsync("run5"), s => s.Queue.Count == 2, "STATUS to show both waiting runs");
        MonitorCluster.AsAdmin();
        await C.Client.GetGrain<IDestinationGrain>("RUN5").SetSyncEnabledAsync(true);
        var done = await MonitorCluster.EventuallyAsync(() => C.StatusAsync("run5"), s => s.Queue.Count == 0 && s.FileSets.Count == 2, "STATUS to show both file sets' last runs");

        Assert.Equal(["high", "low"], waiting.Queue.Select(r => r.FileSet));
        Assert.All(waiting.Queue, r => Assert.Equal(key, r.WorkerKey));
        Assert.Equal(WorkerState.WaitingForDestination, Assert.Single(waiting.Workers, w => w.WorkerKey == key).State);
        Assert.Equal(["run5/high", "run5/low"], done.FileSets.Select(f => f.FileSet).Order(StringComparer.Ordinal));
        Assert.All(done.FileSets, f => Assert.Equal(("RUN5", RunOutcome.Succeeded), (f.Destination, f.Outcome)));
    }
}
