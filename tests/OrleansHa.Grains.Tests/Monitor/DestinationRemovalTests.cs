using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>A destination in use is not removed from under its file sets (issue 10, item 6), and runs are waited for by their id (item 5).</summary>
public sealed class DestinationRemovalTests(MonitorClusterFixture fixture) : IClassFixture<MonitorClusterFixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task Remove_WhileAFileSetUsesIt_IsRefusedNamingTheFileSetAndKeepsTheDestination()
    {
        await C.AddUserAsync("rem1");
        await C.AddLocalDestinationAsync("REM1");
        await C.AddFileSetAsync(MonitorCluster.FileSet("rem1", "docs", C.Folder("home", "rem1", "docs"), "REM1"));

        MonitorCluster.AsAdmin();
        var refused = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.Client.GetGrain<IDestinationGrain>("REM1").RemoveAsync());

        Assert.Contains("REM1 is used by file set(s) rem1/docs", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
        MonitorCluster.AsAdmin();
        Assert.NotNull(await C.Client.GetGrain<IDestinationGrain>("REM1").GetAsync());
    }

    [Fact]
    public async Task RemoveForce_WhileARunWaitsForIt_SuspendsTheFileSetAndTheRunEndsInsteadOfWaiting()
    {
        await C.AddUserAsync("rem2");
        await C.AddLocalDestinationAsync("REM2");
        await C.AddFileSetAsync(MonitorCluster.FileSet("rem2", "docs", C.Folder("home", "rem2", "docs"), "REM2"));
        MonitorCluster.AsAdmin();
        await C.Client.GetGrain<IDestinationGrain>("REM2").SetSyncEnabledAsync(false);
        MonitorCluster.AsUser("rem2");
        var ticket = Assert.Single(await C.Client.GetGrain<IFileSetGrain>("rem2/docs").QueueRunNowAsync(null));
        await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(ticket.WorkerKey), s => s.State == WorkerState.WaitingForDestination, "the run to wait for the disabled destination");

        MonitorCluster.AsAdmin();
        var suspended = await C.Client.GetGrain<IDestinationGrain>("REM2").RemoveAsync(force: true);
        var after = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(ticket.WorkerKey), s => s.Queue.All(r => r.RunId != ticket.RunId), "the waiting run to end");

        Assert.Equal(["rem2/docs"], suspended);
        Assert.NotEqual(ticket.RunId, after.InFlightRunId);
        MonitorCluster.AsAdmin();
        Assert.Null(await C.Client.GetGrain<IDestinationGrain>("REM2").GetAsync());
        MonitorCluster.AsUser("rem2");
        Assert.True((await C.Client.GetGrain<IFileSetGrain>("rem2/docs").GetAsync())!.Suspended);
    }

    [Fact]
    public async Task QueueRunNow_WhileItsRunWaits_JoinsThatRunAndTheRunsRecordCarriesItsId()
    {
        await C.AddUserAsync("rem3");
        await C.AddLocalDestinationAsync("REM3");
        var source = C.Folder("home", "rem3", "docs");
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), "a");
        await C.AddFileSetAsync(MonitorCluster.FileSet("rem3", "docs", source, "REM3"));
        MonitorCluster.AsAdmin();
        await C.Client.GetGrain<IDestinationGrain>("REM3").SetSyncEnabledAsync(false);

        MonitorCluster.AsUser("rem3");
        var first = Assert.Single(await C.Client.GetGrain<IFileSetGrain>("rem3/docs").QueueRunNowAsync(null));
        MonitorCluster.AsUser("rem3");
        var second = Assert.Single(await C.Client.GetGrain<IFileSetGrain>("rem3/docs").QueueRunNowAsync(null));
        MonitorCluster.AsAdmin();
        await C.Client.GetGrain<IDestinationGrain>("REM3").SetSyncEnabledAsync(true);
        var done = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(first.WorkerKey), s => s.LastRun is not null, "the run after sync was enabled");

        Assert.False(first.Joined);
        Assert.True(second.Joined);
        Assert.Equal(first.RunId, second.RunId);
        Assert.Equal(first.RunId, done.LastRun!.RunId);
        Assert.Equal(RunOutcome.Succeeded, done.LastRun.Outcome);
    }
}
