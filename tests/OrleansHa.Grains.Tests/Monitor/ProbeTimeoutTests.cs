using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansHa.Destinations;
using OrleansHa.Grains.Destinations;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>A destination whose file system hangs (as a hung NFS mount does) while the grain probes it.</summary>
public sealed class ProbeTimeoutTests : IAsyncLifetime
{
    private readonly HangingTransport _transport = new();
    private readonly MonitorCluster _cluster;

    public ProbeTimeoutTests()
    {
        _cluster = new MonitorCluster(
            configure: o => o.ProbeTimeout = TimeSpan.FromSeconds(20),
            configureServices: services => services.Replace(ServiceDescriptor.Singleton<IReplicaTransport>(sp => _transport.Around(new ReplicaTransport(sp)))));
    }

    [Fact]
    public async Task Probe_WhenTheFileSystemHangs_ReportsUnavailableTimedOutInsteadOfHangingTheGrain()
    {
        await _cluster.AddLocalDestinationAsync("HANG");
        var destination = _cluster.Client.GetGrain<IDestinationGrain>("HANG");
        _transport.Hang();

        MonitorCluster.AsAdmin();
        var probe = destination.ProbeAsync();
        await _transport.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        // The grain waits for the probe on the fake clock: moving it past the timeout ends the wait.
        var ended = await Poll.UntilAsync(() => Task.FromResult(probe.IsCompleted), _cluster.Clock, TimeSpan.FromSeconds(5));
        Assert.True(ended, "the probe did not end after its timeout");
        var info = await probe;
        MonitorCluster.AsAdmin();
        var stored = await destination.GetAsync();

        Assert.False(info.Available);
        Assert.StartsWith("timed out after 00:00:20", info.ProbeError, StringComparison.Ordinal);
        Assert.False(stored!.Available);
    }

    public Task InitializeAsync() => _cluster.StartAsync();

    public async Task DisposeAsync()
    {
        _transport.Release();
        await _cluster.DisposeAsync();
    }

    /// <summary>The real transport, whose probe blocks its thread (a synchronous file-system call on a hung mount) once told to hang.</summary>
    private sealed class HangingTransport
    {
        private readonly ManualResetEventSlim _released = new(false);
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _hang;

        public Task Entered => _entered.Task;

        public void Hang() => _hang = true;

        public void Release() => _released.Set();

        public IReplicaTransport Around(IReplicaTransport inner) => new Wrapper(this, inner);

        private sealed class Wrapper(HangingTransport owner, IReplicaTransport inner) : IReplicaTransport
        {
            public Task<string?> ProbeAsync(DestinationDefinition destination, CancellationToken cancellationToken)
            {
                if (owner._hang)
                {
                    owner._entered.TrySetResult();
                    owner._released.Wait(TimeSpan.FromMinutes(2));
                }

                return inner.ProbeAsync(destination, cancellationToken);
            }

            public Task<ISyncTarget> OpenTargetAsync(DestinationDefinition destination, string targetPath, string user, AccessScope owner, bool durable, int priority, CancellationToken cancellationToken)
                => inner.OpenTargetAsync(destination, targetPath, user, owner, durable, priority, cancellationToken);
        }
    }
}
