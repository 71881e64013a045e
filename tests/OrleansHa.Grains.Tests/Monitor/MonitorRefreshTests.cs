using OrleansHa.FileSets;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

public sealed class MonitorRefreshTests(MonitorClusterFixture fixture) : IClassFixture<MonitorClusterFixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task FileSetChange_WhenUserHasTwoWorkers_OnlyTheChangedWorkerIsTouched()
    {
        await C.AddUserAsync("refresh1");
        await C.AddLocalDestinationAsync("R1");
        var source = C.Folder("home", "refresh1", "data");
        await C.AddFileSetAsync(MonitorCluster.FileSet("refresh1", "a", source, "R1", batch: "day"));
        await C.AddFileSetAsync(MonitorCluster.FileSet("refresh1", "b", source, "R1", batch: "night"));
        var day = WorkerKey.Format("refresh1", "R1", "day");
        var night = WorkerKey.Format("refresh1", "R1", "night");
        var dayBefore = await C.WorkerAsync(day);
        var nightBefore = await C.WorkerAsync(night);

        MonitorCluster.AsUser("refresh1");
        await C.Client.GetGrain<IFileSetGrain>("refresh1/b").DefineAsync(MonitorCluster.FileSet("refresh1", "b", source, "R1", batch: "night", priority: 3), allowUpdate: true);

        var dayAfter = await C.WorkerAsync(day);
        var nightAfter = await C.WorkerAsync(night);
        Assert.Equal(1, dayBefore.Assignments);
        Assert.Equal(dayBefore.Assignments, dayAfter.Assignments);
        Assert.Equal(nightBefore.Assignments + 1, nightAfter.Assignments);
        Assert.Equal(3, Assert.Single(nightAfter.Assignment!.FileSets).Priority);
    }

    [Fact]
    public async Task FileSetMovedToAnotherBatch_WhenRefreshed_OldWorkerStopsAndNewOneStarts()
    {
        await C.AddUserAsync("refresh2");
        await C.AddLocalDestinationAsync("R2");
        var source = C.Folder("home", "refresh2", "data");
        await C.AddFileSetAsync(MonitorCluster.FileSet("refresh2", "a", source, "R2", batch: "one"));

        MonitorCluster.AsUser("refresh2");
        await C.Client.GetGrain<IFileSetGrain>("refresh2/a").DefineAsync(MonitorCluster.FileSet("refresh2", "a", source, "R2", batch: "two"), allowUpdate: true);

        var status = await C.StatusAsync("refresh2");
        Assert.Equal([WorkerKey.Format("refresh2", "R2", "two")], status.Workers.Select(w => w.WorkerKey));
        Assert.Null((await C.WorkerAsync(WorkerKey.Format("refresh2", "R2", "one"))).Assignment);
    }

    [Fact]
    public async Task SuspendUser_WhenResumed_WorkersStopThenReturn()
    {
        await C.AddUserAsync("suspend1");
        await C.AddLocalDestinationAsync("S1");
        var source = C.Folder("home", "suspend1", "data");
        await C.AddFileSetAsync(MonitorCluster.FileSet("suspend1", "a", source, "S1"));
        var key = WorkerKey.Format("suspend1", "S1", "default");
        Assert.NotNull(await C.WorkerStatusAsync(key));

        MonitorCluster.AsAdmin();
        await C.Client.GetGrain<IUserGrain>("suspend1").SetSuspendedAsync(true);
        var whileSuspended = await C.WorkerStatusAsync(key);
        MonitorCluster.AsAdmin();
        await C.Client.GetGrain<IUserGrain>("suspend1").SetSuspendedAsync(false);
        var afterResume = await C.WorkerStatusAsync(key);

        Assert.Null(whileSuspended);
        Assert.NotNull(afterResume);
        Assert.Equal(["a"], afterResume.FileSets);
    }

    [Fact]
    public async Task SuspendFileSet_WhenOtherFileSetShareTheWorker_WorkerKeepsOnlyTheActiveOne()
    {
        await C.AddUserAsync("suspend2");
        await C.AddLocalDestinationAsync("S2");
        var source = C.Folder("home", "suspend2", "data");
        await C.AddFileSetAsync(MonitorCluster.FileSet("suspend2", "a", source, "S2"));
        await C.AddFileSetAsync(MonitorCluster.FileSet("suspend2", "b", source, "S2"));
        var key = WorkerKey.Format("suspend2", "S2", "default");

        MonitorCluster.AsUser("suspend2");
        await C.Client.GetGrain<IFileSetGrain>("suspend2/a").SetSuspendedAsync(true);
        var suspended = await C.WorkerAsync(key);
        MonitorCluster.AsUser("suspend2");
        await C.Client.GetGrain<IFileSetGrain>("suspend2/a").SetSuspendedAsync(false);
        var resumed = await C.WorkerAsync(key);

        Assert.Equal(["b"], suspended.Assignment!.FileSets.Select(f => f.Name));
        Assert.Equal(["a", "b"], resumed.Assignment!.FileSets.Select(f => f.Name));
    }

    [Fact]
    public async Task SyncNow_WhenFileSetIsSuspended_IsRefusedNamingTheFileSet()
    {
        await C.AddUserAsync("suspend3");
        await C.AddLocalDestinationAsync("S3");
        await C.AddFileSetAsync(MonitorCluster.FileSet("suspend3", "a", C.Folder("home", "suspend3", "data"), "S3"));
        MonitorCluster.AsUser("suspend3");
        await C.Client.GetGrain<IFileSetGrain>("suspend3/a").SetSuspendedAsync(true);

        MonitorCluster.AsUser("suspend3");
        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.Client.GetGrain<IFileSetGrain>("suspend3/a").SyncNowAsync(null));

        Assert.Contains("suspend3/a is suspended", error.Message, StringComparison.Ordinal);
    }
}
