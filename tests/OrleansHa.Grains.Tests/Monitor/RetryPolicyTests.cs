using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.FileSets;
using OrleansHa.Grains.Workers;
using OrleansHa.Monitoring;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>The retry policy end to end: three at once, then the slow cadence, across a silo restart, then success.</summary>
public sealed class RetryPolicyTests(RetryPolicyTests.DurableFixture fixture) : IClassFixture<RetryPolicyTests.DurableFixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task FailingRun_WhenRetried_ThreeAtOnceThenSlowCadenceAcrossRestartThenSucceeds()
    {
        await C.AddUserAsync("retry1");
        var destination = C.Folder("dest", "RETRY1");
        await C.AddLocalDestinationAsync("RETRY1", destination);
        var source = Path.Combine(C.Folder("home", "retry1"), "not-yet");
        await C.AddFileSetAsync(MonitorCluster.FileSet("retry1", "docs", source, "RETRY1"));
        var key = WorkerKey.Format("retry1", "RETRY1", "default");

        // The first run fails (its source does not exist yet); the monitor retries it three times at once.
        var burstAt = C.Clock.UtcNow;
        MonitorCluster.AsUser("retry1");
        await C.Client.GetGrain<IFileSetGrain>("retry1/docs").SyncNowAsync(null);
        var afterBurst = await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(key), w => w?.Failures == 4 && w.NextRetryAt is not null, "four failures, then a slow retry scheduled");
        var burstLog = await ActivityAsync();

        // The silo restarts: the monitor's table (and its counters) come back from its checkpoint.
        await C.RestartAsync();
        var afterRestart = await C.WorkerStatusAsync(key);

        // Nothing more happens before the slow interval has passed: the shard's check runs and finds nothing due.
        await C.AdvanceAsync(TimeSpan.FromMinutes(2));
        await C.NextCheckAsync();
        var beforeInterval = await C.WorkerStatusAsync(key);

        // Then one slow retry, which fails again and schedules the next.
        await C.AdvanceAsync(afterBurst!.NextRetryAt!.Value - C.Clock.UtcNow);
        await C.NextCheckAsync();
        var afterSlow = await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(key), w => w?.Failures == 5 && w.NextRetryAt is not null, "the slow retry to fail");

        // The source appears; the next slow retry succeeds and the counters reset.
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "ok.txt"), "ok");
        await C.AdvanceAsync(afterSlow!.NextRetryAt!.Value - C.Clock.UtcNow);
        await C.NextCheckAsync();
        var recovered = await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(key), w => w?.Failures == 0 && w.State == WorkerState.Idle, "the retry to succeed");
        var log = await ActivityAsync();

        Assert.Equal(4, burstLog.Count);
        Assert.All(burstLog, r => Assert.Equal(RunOutcome.Failed, r.Outcome));
        Assert.Equal(["sync now", "retry", "retry", "retry"], burstLog.Reverse().Select(r => r.Reason));
        Assert.Equal(burstAt + C.Options.RetryInterval, afterBurst.NextRetryAt);
        Assert.Equal(4, afterRestart!.Failures);
        Assert.Equal(afterBurst.NextRetryAt, afterRestart.NextRetryAt);
        Assert.Equal(4, beforeInterval!.Failures);
        Assert.Equal(5, afterSlow.Failures);
        Assert.Null(recovered!.NextRetryAt);
        Assert.Equal(6, log.Count);
        Assert.Equal(RunOutcome.Succeeded, log[0].Outcome);
        Assert.Equal("ok", await File.ReadAllTextAsync(Path.Combine(destination, "retry1", "docs", "ok.txt")));
    }

    [Fact]
    public async Task RunInFlight_WhenTheSiloDied_CountsAsFailedAndIsRetriedAtOnce()
    {
        await C.AddUserAsync("retry2");
        var destination = C.Folder("dest", "RETRY2");
        await C.AddLocalDestinationAsync("RETRY2", destination);
        var source = C.Folder("home", "retry2", "docs");
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), "a");
        await C.AddFileSetAsync(MonitorCluster.FileSet("retry2", "docs", source, "RETRY2"));
        var key = WorkerKey.Format("retry2", "RETRY2", "default");
        Assert.NotNull(await C.WorkerStatusAsync(key));

        // What a silo that died mid-run leaves behind: the worker's persisted state with the run in flight.
        await C.RestartAsync();
        var storage = C.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>("Default");
        var grainId = C.Client.GetGrain<ISyncWorkerGrain>(key).GetGrainId();
        var saved = new GrainState<SyncWorkerState>(new SyncWorkerState());
        await storage.ReadStateAsync("worker", grainId, saved);
        saved.State!.InFlight = new QueuedRun(key, "docs", 1, "schedule", C.Clock.UtcNow);
        await storage.WriteStateAsync("worker", grainId, saved);

        // The worker's next activation (here: a status call; in production its watchdog reminder) finds it.
        await C.WorkerAsync(key);
        var done = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(key), s => s.LastRun?.Outcome == RunOutcome.Succeeded, "the immediate retry to succeed");
        var log = await ActivityAsync("retry2");

        Assert.Equal("retry", done.LastRun!.Reason);
        Assert.Contains(log, r => r.Outcome == RunOutcome.Failed && r.Error!.Contains("in flight", StringComparison.Ordinal));
        // The worker reports the success to its shard after recording it; the shard's table follows.
        await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(key), w => w?.Failures == 0, "the shard to take the success");
        Assert.True(File.Exists(Path.Combine(destination, "retry2", "docs", "a.txt")));
    }

    private async Task<IReadOnlyList<RunRecord>> ActivityAsync(string user = "retry1")
    {
        MonitorCluster.AsAdmin();
        return await C.Client.GetGrain<IActivityLogGrain>(user).QueryAsync(new ActivityQuery(Limit: 100));
    }

    /// <summary>A monitor cluster on durable storage: these tests restart the only silo.</summary>
    public sealed class DurableFixture : IAsyncLifetime
    {
        public MonitorCluster Cluster { get; } = new(storage: MonitorCluster.DurableStorage);

        public Task InitializeAsync() => Cluster.StartAsync();

        public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
    }
}
