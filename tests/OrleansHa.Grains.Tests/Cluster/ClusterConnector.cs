using System.Collections.Concurrent;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Tests.Cluster;

/// <summary>
/// The transport between in-process systems: a test double of the gateway connection only — the far side is a real
/// cluster reached through its own cluster client. A system can be cut off, as a broken link would be.
/// </summary>
public sealed class ClusterConnector : IRemoteSystemConnector
{
    private readonly ConcurrentDictionary<string, Func<IGrainFactory>> _systems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _cut = new(StringComparer.Ordinal);

    public void Add(string systemName, Func<IGrainFactory> factory) => _systems[systemName] = factory;

    public void Cut(string systemName, bool cut) => _cut[systemName] = cut;

    public ValueTask<IGrainFactory> ConnectAsync(RemoteSystemAddress address, CancellationToken cancellationToken)
    {
        if (!_systems.TryGetValue(address.SystemName, out var factory))
        {
            throw new SiloUnavailableException($"No system {address.SystemName} is reachable at {address.Gateway}.");
        }

        if (_cut.TryGetValue(address.SystemName, out var cut) && cut)
        {
            throw new SiloUnavailableException($"The link to {address.SystemName} at {address.Gateway} is down.");
        }

        return ValueTask.FromResult(factory());
    }
}
