using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

public sealed class DestinationOutageTests(MonitorClusterFixture fixture) : IClassFixture<MonitorClusterFixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task Run_WhenDestinationIsDownThenComesBack_WaitsWithoutFailingAndRunsWhenProbedBack()
    {
        await C.AddUserAsync("out1");
        var destination = C.Folder("dest", "OUT1");
        await C.AddLocalDestinationAsync("OUT1", destination);
        var source = C.Folder("home", "out1", "docs");
        await File.WriteAllTextAsync(Path.Combine(source, "r.txt"), "report");
        await C.AddFileSetAsync(MonitorCluster.FileSet("out1", "docs", source, "OUT1"));
        var away = destination + ".unmounted";
        Directory.Move(destination, away);

        MonitorCluster.AsUser("out1");
        await C.Client.GetGrain<IFileSetGrain>("out1/docs").SyncNowAsync(null);
        var key = WorkerKey.Format("out1", "OUT1", "default");
        var waiting = await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(key), w => w?.State == WorkerState.WaitingForDestination, "the worker to wait for its destination");
        var statusWhileDown = await C.StatusAsync("out1");
        Directory.Move(away, destination);
        // The destination's probe reminder notices it is back and tells the monitors.
        await C.NextProbeAsync("OUT1");
        var done = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(key), s => s.LastRun is not null && s.State == WorkerState.Idle, "the run after the destination came back");

        Assert.Equal(0, waiting!.Failures);
        Assert.Contains("unavailable", waiting.LastError, StringComparison.Ordinal);
        Assert.Contains(statusWhileDown.Destinations, d => d.Name == "OUT1" && !d.Available);
        Assert.Equal(RunOutcome.Succeeded, done.LastRun!.Outcome);
        Assert.Equal("report", await File.ReadAllTextAsync(Path.Combine(destination, "out1", "docs", "r.txt")));
        Assert.Equal(0, (await C.WorkerStatusAsync(key))!.Failures);
    }

    [Fact]
    public async Task Probe_WhenDirectoryVanishes_ReportsUnavailableNamingTheDirectory()
    {
        var destination = C.Folder("dest", "OUT2");
        await C.AddLocalDestinationAsync("OUT2", destination);
        Directory.Delete(destination);

        MonitorCluster.AsAdmin();
        var info = await C.Client.GetGrain<IDestinationGrain>("OUT2").ProbeAsync();

        Assert.False(info.Available);
        Assert.Contains(destination, info.ProbeError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetSyncEnabled_WhenDisabledAndTheGrainIsReactivated_StaysDisabled()
    {
        await C.AddLocalDestinationAsync("OUT3");
        var destination = C.Client.GetGrain<IDestinationGrain>("OUT3");
        MonitorCluster.AsAdmin();
        await destination.SetSyncEnabledAsync(false);

        await C.Cluster.DeactivateAsync(destination);
        MonitorCluster.AsAdmin();
        var info = await destination.GetAsync();

        Assert.False(info!.SyncEnabled);
    }
}
