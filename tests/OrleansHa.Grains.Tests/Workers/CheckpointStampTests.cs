using OrleansHa.FileSets;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Grains.Tests.Monitor;
using OrleansHa.Grains.Workers;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Workers;

/// <summary>
/// A worker trusts a checkpoint on this silo only when its stamp is the one the worker's state holds: a manifest left by
/// an older run (the worker ran elsewhere since, or the silo died between writing the stamp and saving the state)
/// no longer describes the target, and the run compares with the target itself.
/// </summary>
public sealed class CheckpointStampTests(CheckpointStampTests.Fixture fixture) : IClassFixture<CheckpointStampTests.Fixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task Run_WhenTheManifestsStampIsNotTheOneTheWorkerTrusts_ComparesWithTheTargetAndRestoresWhatChanged()
    {
        var (key, target) = await DefineAsync("stamp1");
        var first = await RunNowAsync(key);
        var manifest = Path.Combine(C.Options.CheckpointDirectory, "stamp1", "STAMP1", "default", "docs.manifest");
        Assert.Equal(first.RunId, (await File.ReadAllTextAsync(manifest + ".stamp")).Trim());
        // What a worker finds on silo A after runs on silo B: A's manifest (and stamp) from before, a target B changed.
        File.Delete(Path.Combine(target, "b.txt"));
        await File.WriteAllTextAsync(manifest + ".stamp", "a-run-before-the-worker-moved");

        var second = await RunNowAsync(key);

        Assert.Equal(RunOutcome.Succeeded, second.Outcome);
        Assert.Equal(1, second.FilesCopied);
        Assert.Equal("beta", await File.ReadAllTextAsync(Path.Combine(target, "b.txt")));
        Assert.Equal(second.RunId, (await File.ReadAllTextAsync(manifest + ".stamp")).Trim());
    }

    [Fact]
    public async Task Run_WhenTheStateIsNotSavedAfterTheStampIsWritten_TheNextRunComparesWithTheTarget()
    {
        var (key, target) = await DefineAsync("stamp2");
        var first = await RunNowAsync(key);
        var worker = C.Client.GetGrain<ISyncWorkerGrain>(key);
        // The run's stamp file is written; the save of the state that would trust it is lost (the silo died).
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Writes.FailNextWrite(worker, s => s is SyncWorkerState { Unrecorded.Count: > 0 } w && w.LastRun?.RunId != first.RunId && lost.TrySetResult());
        MonitorCluster.AsUser("stamp2");
        await C.Client.GetGrain<IFileSetGrain>("stamp2/docs").QueueRunNowAsync(null, false);
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Meanwhile the target changes (as a run on another silo, which the lost state never heard of, would change it).
        File.Delete(Path.Combine(target, "b.txt"));

        await C.Cluster.DeactivateAsync(worker);
        var recovered = await C.WorkerAsync(key);
        var third = await RunNowAsync(key);

        Assert.Equal(RunOutcome.Failed, recovered.LastRun!.Outcome);
        Assert.Equal(RunOutcome.Succeeded, third.Outcome);
        Assert.Equal("beta", await File.ReadAllTextAsync(Path.Combine(target, "b.txt")));
    }

    private async Task<(string Key, string Target)> DefineAsync(string user)
    {
        await C.AddUserAsync(user);
        var destination = user.ToUpperInvariant();
        var root = C.Folder("dest", destination);
        await C.AddLocalDestinationAsync(destination, root);
        var source = C.Folder("home", user, "docs");
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), "alpha");
        await File.WriteAllTextAsync(Path.Combine(source, "b.txt"), "beta");
        await C.AddFileSetAsync(MonitorCluster.FileSet(user, "docs", source, destination));
        return (WorkerKey.Format(user, destination, "default"), Path.Combine(root, user, "docs"));
    }

    private async Task<RunRecord> RunNowAsync(string workerKey)
    {
        var (user, _, _) = WorkerKey.Parse(workerKey);
        MonitorCluster.AsUser(user);
        var ticket = Assert.Single(await C.Client.GetGrain<IFileSetGrain>(FileSetKey.Format(user, "docs")).QueueRunNowAsync(null, false));
        var done = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(workerKey), s => s.LastRun?.RunId == ticket.RunId && s.InFlightRunId is null, "the run to end");
        return done.LastRun!;
    }

    /// <summary>A monitor cluster whose default grain storage can fail chosen writes.</summary>
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
