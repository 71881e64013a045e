using OrleansHa.Systems;

namespace OrleansHa.Benchmarks.Journals;

/// <summary>The link between the two in-process systems: the receiving cluster's client (no gateway, no network).</summary>
internal sealed class BenchConnector : IRemoteSystemConnector
{
    public Func<IGrainFactory>? Backup { get; set; }

    public ValueTask<IGrainFactory> ConnectAsync(RemoteSystemAddress address, CancellationToken cancellationToken)
        => Backup is { } backup && address.SystemName == "BACKUP"
            ? ValueTask.FromResult(backup())
            : throw new SiloUnavailableException($"No system {address.SystemName} in this benchmark.");
}
