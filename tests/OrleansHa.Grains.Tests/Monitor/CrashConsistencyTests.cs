using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Grains.Workers;
using OrleansHa.Monitoring;
using OrleansHa.Status;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>What the grains leave behind when a write fails, or another request arrives while one waits on a write.</summary>
public sealed class CrashConsistencyTests(CrashConsistencyTests.Fixture fixture) : IClassFixture<CrashConsistencyTests.Fixture>
{
    private MonitorCluster C => fixture.Cluster;

    private InterceptedGrainStorage.Rules Writes => fixture.Writes;

    [Fact]
    public async Task Enqueue_WhenTheSameFileSetArrivesTwiceAtOnce_QueuesItOnce()
    {
        await C.AddUserAsync("crash1");
        await C.AddLocalDestinationAsync("CR1");
        await C.AddFileSetAsync(MonitorCluster.FileSet("crash1", "a", C.Folder("home", "crash1", "a"), "CR1"));
        var destination = C.Client.GetGrain<IDestinationGrain>("CR1");
        MonitorCluster.AsAdmin();
        await destination.SetSyncEnabledAsync(false);
        var key = WorkerKey.Format("crash1", "CR1", "default");
        var worker = C.Client.GetGrain<ISyncWorkerGrain>(key);
        // The worker asks the destination for its queue limit; while the destination activates (its state read held),
        // both requests for the same file set are inside the worker at once.
        await C.Cluster.DeactivateAsync(destination);
        var activation = Writes.HoldNextRead(destination);

        MonitorCluster.AsUser("crash1");
        var both = Task.WhenAll(worker.EnqueueAsync("a", 1, "first"), worker.EnqueueAsync("a", 1, "second"));
        await activation.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAny(both, Task.Delay(500));
        activation.Release();
        var answers = await both;

        Assert.Equal(1, answers.Count(queued => queued));
        Assert.Single((await C.WorkerAsync(key)).Queue);
    }

    [Fact]
    public async Task Enqueue_WhileThePumpSavesTheRunItStarts_IsRefusedAsAlreadyRunning()
    {
        await C.AddUserAsync("crash2");
        await C.AddLocalDestinationAsync("CR2");
        var source = C.Folder("home", "crash2", "a");
        await File.WriteAllTextAsync(Path.Combine(source, "f.txt"), "f");
        await C.AddFileSetAsync(MonitorCluster.FileSet("crash2", "a", source, "CR2"));
        var key = WorkerKey.Format("crash2", "CR2", "default");
        var worker = C.Client.GetGrain<ISyncWorkerGrain>(key);
        var hold = Writes.HoldNextWrite(worker, s => s is SyncWorkerState { InFlight: not null });

        MonitorCluster.AsUser("crash2");
        await C.Client.GetGrain<IFileSetGrain>("crash2/a").SyncNowAsync(null);
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        MonitorCluster.AsUser("crash2");
        var enqueue = worker.EnqueueAsync("a", 1, "again");
        // Refused at once when the worker knows the run is under way; otherwise it waits for the held write.
        await Task.WhenAny(enqueue, Task.Delay(500));
        hold.Release();
        var again = await enqueue;
        var done = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(key), s => s.LastRun is not null && s.State == WorkerState.Idle && s.Queue.Count == 0, "the run to finish");
        MonitorCluster.AsAdmin();
        var log = await C.Client.GetGrain<IActivityLogGrain>("crash2").QueryAsync(new ActivityQuery());

        Assert.False(again);
        Assert.Equal(RunOutcome.Succeeded, done.LastRun!.Outcome);
        Assert.Single(log);
    }

    [Fact]
    public async Task DefineFileSet_WhenAWriteAfterTheFirstFails_TheRetryCompletesItAndItsWorkerStarts()
    {
        await C.AddUserAsync("crash3");
        await C.AddLocalDestinationAsync("CR3");
        var definition = MonitorCluster.FileSet("crash3", "a", C.Folder("home", "crash3", "a"), "CR3");
        // The file set's own state is written; the user's table of file sets is not.
        Writes.FailNextWrite(C.Client.GetGrain<IUserGrain>("crash3"));

        await Assert.ThrowsAsync<OrleansException>(() => C.AddFileSetAsync(definition));
        var retried = await C.AddFileSetAsync(definition);
        MonitorCluster.AsAdmin();
        var user = await C.Client.GetGrain<IUserGrain>("crash3").GetAsync();

        Assert.Equal("crash3/a", retried.Definition.Key);
        Assert.Equal(["a"], user!.FileSets);
        Assert.NotNull(await C.WorkerStatusAsync(WorkerKey.Format("crash3", "CR3", "default")));
    }

    [Fact]
    public async Task Refresh_WhenAWorkersAssignmentIsLostAfterTheTableIsSaved_TheShardDeliversItWhenItActivatesAgain()
    {
        await C.AddUserAsync("crash4");
        await C.AddLocalDestinationAsync("CR4");
        var key = WorkerKey.Format("crash4", "CR4", "default");
        // The shard has saved its table; the worker's assignment does not arrive (as when the silo dies in the fan-out).
        Writes.FailNextWrite(C.Client.GetGrain<ISyncWorkerGrain>(key), s => s is SyncWorkerState { Assignment: not null });

        await Assert.ThrowsAsync<OrleansException>(() => C.AddFileSetAsync(MonitorCluster.FileSet("crash4", "a", C.Folder("home", "crash4", "a"), "CR4")));
        // What a crash leaves: both activations gone, only what was stored.
        await C.Cluster.DeactivateAsync(C.Client.GetGrain<ISyncWorkerGrain>(key));
        var lost = await C.WorkerAsync(key);
        await C.Cluster.DeactivateAsync(C.Client.GetGrain<IMonitorGrain>(0));
        var table = await C.WorkerStatusAsync(key);
        var delivered = await C.WorkerAsync(key);

        Assert.Null(lost.Assignment);
        Assert.NotNull(table);
        Assert.Equal(["a"], delivered.Assignment!.FileSets.Select(f => f.Name));
    }

    [Fact]
    public async Task Check_WhenTheSlowRetryDoesNotReachTheWorker_KeepsItDueAndRetriesAtTheNextCheck()
    {
        await C.AddUserAsync("crash5");
        await C.AddLocalDestinationAsync("CR5");
        await C.AddFileSetAsync(MonitorCluster.FileSet("crash5", "a", Path.Combine(C.Folder("home", "crash5"), "missing"), "CR5"));
        var key = WorkerKey.Format("crash5", "CR5", "default");
        MonitorCluster.AsUser("crash5");
        await C.Client.GetGrain<IFileSetGrain>("crash5/a").SyncNowAsync(null);
        var afterBurst = await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(key), w => w?.Failures == 4 && w.NextRetryAt is not null, "the immediate retries to fail");
        Writes.FailNextWrite(C.Client.GetGrain<ISyncWorkerGrain>(key), s => s is SyncWorkerState w && w.Queue.Any(r => r.Reason == "retry"));

        await C.AdvanceAsync(afterBurst!.NextRetryAt!.Value - C.Clock.UtcNow);
        // The first due check's retry is lost; a later check must send it again (a few checks at most).
        WorkerStatus? retried = null;
        for (var check = 0; check < 5 && retried is null; check++)
        {
            await C.NextCheckAsync();
            var status = await C.WorkerStatusAsync(key);
            retried = status?.Failures == 5 ? status : null;
        }

        retried ??= await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(key), w => w?.Failures == 5, "the retry at a later check");

        Assert.Equal(5, retried!.Failures);
        Assert.NotNull(retried.NextRetryAt);
    }

    [Fact]
    public async Task Run_WhenItsActivityRecordIsLostAfterLastRunIsSaved_TheNextActivationRecordsIt()
    {
        await C.AddUserAsync("crash6");
        await C.AddLocalDestinationAsync("CR6");
        var source = C.Folder("home", "crash6", "a");
        await File.WriteAllTextAsync(Path.Combine(source, "f.txt"), "f");
        await C.AddFileSetAsync(MonitorCluster.FileSet("crash6", "a", source, "CR6"));
        var key = WorkerKey.Format("crash6", "CR6", "default");
        // The worker's state with the run's LastRun is saved; the activity log's write is lost (as when the silo dies
        // between the two).
        Writes.FailNextWrite(C.Client.GetGrain<IActivityLogGrain>("crash6"));

        MonitorCluster.AsUser("crash6");
        await C.Client.GetGrain<IFileSetGrain>("crash6/a").SyncNowAsync(null);
        var done = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(key), s => s.LastRun is not null && s.State == WorkerState.Idle, "the run to finish");
        // What a crash leaves: only what was stored; the next request activates the worker again.
        await C.Cluster.DeactivateAsync(C.Client.GetGrain<ISyncWorkerGrain>(key));
        await C.WorkerAsync(key);
        var log = await MonitorCluster.EventuallyAsync(ActivityAsync("crash6"), l => l.Count > 0, "the run to be recorded");

        Assert.NotNull(done.LastRun!.RunId);
        Assert.Equal([done.LastRun.RunId], log.Select(r => r.RunId));
    }

    [Fact]
    public async Task Run_WhenTheWorkerStopsAfterRecordingBeforeClearingItsMark_TheRecordIsNotDuplicated()
    {
        await C.AddUserAsync("crash7");
        await C.AddLocalDestinationAsync("CR7");
        var source = C.Folder("home", "crash7", "a");
        await File.WriteAllTextAsync(Path.Combine(source, "f.txt"), "f");
        await C.AddFileSetAsync(MonitorCluster.FileSet("crash7", "a", source, "CR7"));
        var key = WorkerKey.Format("crash7", "CR7", "default");
        var worker = C.Client.GetGrain<ISyncWorkerGrain>(key);
        // The file set and the activity log have the run; the worker's write that clears its mark is lost.
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Writes.FailNextWrite(worker, s => s is SyncWorkerState { LastRun: not null, Unrecorded.Count: 0 } && lost.TrySetResult());

        MonitorCluster.AsUser("crash7");
        await C.Client.GetGrain<IFileSetGrain>("crash7/a").SyncNowAsync(null);
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var first = await ActivityAsync("crash7")();
        // The failed write deactivates the worker; the next activation records the marked run again, then saves with
        // no mark left.
        var hold = Writes.HoldNextWrite(worker, s => s is SyncWorkerState { Unrecorded.Count: 0 });
        await C.Cluster.DeactivateAsync(worker);
        await C.WorkerAsync(key);
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        hold.Release();
        MonitorCluster.AsUser("crash7");
        var fileSet = await C.Client.GetGrain<IFileSetGrain>("crash7/a").GetAsync();
        var log = await ActivityAsync("crash7")();

        Assert.Single(log);
        Assert.Equal(first[0].RunId, log[0].RunId);
        Assert.Equal(first[0].RunId, Assert.Single(fileSet!.LastRuns).RunId);
    }

    [Fact]
    public async Task Resume_WhileThePumpIsEndingItsPass_IsNotLostAndTheRunStarts()
    {
        await C.AddUserAsync("crash8");
        await C.AddLocalDestinationAsync("CR8");
        var source = C.Folder("home", "crash8", "a");
        await File.WriteAllTextAsync(Path.Combine(source, "f.txt"), "f");
        await C.AddFileSetAsync(MonitorCluster.FileSet("crash8", "a", source, "CR8"));
        var destination = C.Client.GetGrain<IDestinationGrain>("CR8");
        MonitorCluster.AsAdmin();
        await destination.SetSyncEnabledAsync(false);
        var key = WorkerKey.Format("crash8", "CR8", "default");
        var worker = C.Client.GetGrain<ISyncWorkerGrain>(key);
        // The pump has found the destination disabled and saves why it waits: it has looked at the queue for the last
        // time in this pass.
        var hold = Writes.HoldNextWrite(worker, s => s is SyncWorkerState { WaitingFor: not null });
        MonitorCluster.AsUser("crash8");
        await C.Client.GetGrain<IFileSetGrain>("crash8/a").SyncNowAsync(null);
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        MonitorCluster.AsAdmin();
        await destination.SetSyncEnabledAsync(true);
        MonitorCluster.AsSilo();
        await worker.ResumeAsync();
        // The resume's kick (a one-way call the worker sends itself during ResumeAsync) is in the worker before this.
        await C.WorkerAsync(key);
        hold.Release();
        // No clock moves from here: only the kick can start the run, not the watchdog.
        var done = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(key), s => s.LastRun is not null && s.State == WorkerState.Idle, "the resumed run");

        Assert.Equal(RunOutcome.Succeeded, done.LastRun!.Outcome);
    }

    private Func<Task<IReadOnlyList<RunRecord>>> ActivityAsync(string user) => () =>
    {
        MonitorCluster.AsAdmin();
        return C.Client.GetGrain<IActivityLogGrain>(user).QueryAsync(new ActivityQuery());
    };

    /// <summary>A monitor cluster whose default grain storage can fail or hold chosen writes.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public Fixture()
        {
            Cluster = new MonitorCluster(storage: (silo, _) =>
            {
                InterceptedGrainStorage.Add(silo, Writes);
                silo.UseInMemoryReminderService();
            });
        }

        public InterceptedGrainStorage.Rules Writes { get; } = new();

        public MonitorCluster Cluster { get; }

        public Task InitializeAsync() => Cluster.StartAsync();

        public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
    }
}
