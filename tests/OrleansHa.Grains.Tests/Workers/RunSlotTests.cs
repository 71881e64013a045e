using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansHa.FileSets;
using OrleansHa.Grains.Destinations;
using OrleansHa.Grains.Tests.Monitor;
using OrleansHa.Status;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Workers;

/// <summary>
/// The per-silo limit on concurrent runs (one slot here): runs of other workers wait for it (STATUS shows them waiting
/// for a slot) and get it highest priority first, then in arrival order. A run holds the slot while the test transport
/// holds it where it opens its target.
/// </summary>
public sealed class RunSlotTests(RunSlotTests.SlotFixture fixture) : IClassFixture<RunSlotTests.SlotFixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task Runs_WhenTheSilosOnlySlotIsTaken_WaitShowingItAndGetItByPriorityThenArrival()
    {
        await C.AddUserAsync("slot1", maxPriority: 5);
        (string Destination, int Priority)[] sets = [("SLOTA", 1), ("SLOTB", 1), ("SLOTC", 4), ("SLOTD", 1)];
        foreach (var (destination, priority) in sets)
        {
            await C.AddLocalDestinationAsync(destination);
            var source = C.Folder("home", "slot1", destination);
            await File.WriteAllTextAsync(Path.Combine(source, "f.txt"), destination);
            await C.AddFileSetAsync(MonitorCluster.FileSet("slot1", destination.ToLowerInvariant(), source, destination, priority: priority));
        }

        fixture.Transport.Close("SLOTA");
        var tickets = new List<QueuedRunTicket> { await RunNowAsync("SLOTA") };
        await fixture.Transport.Entered("SLOTA").WaitAsync(TimeSpan.FromSeconds(30));
        var waiting = new List<WorkerStatus?>();
        foreach (var destination in new[] { "SLOTB", "SLOTC", "SLOTD" })
        {
            // One after the other, each seen waiting before the next arrives, so that their arrival order is known.
            tickets.Add(await RunNowAsync(destination));
            var key = WorkerKey.Format("slot1", destination, "default");
            waiting.Add(await MonitorCluster.EventuallyAsync(() => C.WorkerStatusAsync(key), w => w?.State == WorkerState.WaitingForSlot, $"{destination}'s run to wait for a slot"));
        }

        var snapshot = await C.WorkerAsync(WorkerKey.Format("slot1", "SLOTB", "default"));
        var counts = (await C.StatusAsync("slot1")).Counts;
        var enteredWhileHeld = fixture.Transport.Order;
        fixture.Transport.Open("SLOTA");
        foreach (var ticket in tickets)
        {
            var done = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(ticket.WorkerKey), s => s.LastRun?.RunId == ticket.RunId, $"the run on {ticket.WorkerKey} to end");
            Assert.Equal(RunOutcome.Succeeded, done.LastRun!.Outcome);
        }

        Assert.Equal(["SLOTA"], enteredWhileHeld);
        Assert.Equal(3, waiting.Count(w => w?.State == WorkerState.WaitingForSlot));
        Assert.Contains("run slot", snapshot.WaitingFor, StringComparison.Ordinal);
        Assert.Equal(3, counts.Waiting);
        Assert.Equal(["SLOTA", "SLOTC", "SLOTB", "SLOTD"], fixture.Transport.Order);
    }

    private async Task<QueuedRunTicket> RunNowAsync(string destination)
    {
        MonitorCluster.AsUser("slot1");
        return Assert.Single(await C.Client.GetGrain<IFileSetGrain>(FileSetKey.Format("slot1", destination.ToLowerInvariant())).QueueRunNowAsync(null));
    }

    /// <summary>A monitor cluster whose silo runs one run at a time, with a transport that can hold a run.</summary>
    public sealed class SlotFixture : IAsyncLifetime
    {
        public SlotFixture()
        {
            Cluster = new MonitorCluster(
                configure: o => o.MaxConcurrentRuns = 1,
                configureServices: services => services.Replace(ServiceDescriptor.Singleton<IReplicaTransport>(sp => Transport.Around(new ReplicaTransport(sp)))));
        }

        public GatedTransport Transport { get; } = new();

        public MonitorCluster Cluster { get; }

        public Task InitializeAsync() => Cluster.StartAsync();

        public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
    }
}
