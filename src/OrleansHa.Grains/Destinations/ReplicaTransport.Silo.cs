using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Destinations;
using OrleansHa.Grains.Roles;
using OrleansHa.Monitoring;
using OrleansHa.Status;
using OrleansHa.Sync;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Destinations;

/// <summary>The <c>silo</c> transport: the other system's gateway, through the host's <see cref="IRemoteSystemConnector"/>.</summary>
public sealed partial class ReplicaTransport
{
    private async Task<string?> ProbeSiloAsync(DestinationDefinition destination, CancellationToken cancellationToken)
    {
        var factory = await Connector().ConnectAsync(Address(destination), cancellationToken);
        // Any authenticated call proves the gateway answers and the credential is accepted; the registry is internal
        // to that system, so the probe asks its client-facing status grain.
        await factory.GetGrain<IStatusGrain>(RegistryKeys.System).PingAsync();
        return null;
    }

    private async Task<ISyncTarget> OpenSiloAsync(DestinationDefinition destination, string targetPath, string user, bool durable, int priority, CancellationToken cancellationToken)
    {
        var factory = await Connector().ConnectAsync(Address(destination), cancellationToken);
        var receiver = factory.GetGrain<IReplicaReceiverGrain>($"{user}|{targetPath}");
        // The run carries this system's epoch: a receiver that knows a newer one (this system is a former production)
        // or that is production itself refuses it, and the run fails with that reason.
        await receiver.OpenAsync(durable, await LocalEpochAsync());
        // One throttle per destination in this silo, shared by every run to it; the rate is the definition's as the run
        // starts, and follows changes while it runs (the worker looks again, see DestinationThrottles).
        var throttle = services.GetRequiredService<DestinationThrottles>().For(destination.Name, destination.BandwidthLimit);
        return new RemoteSyncTarget(receiver, throttle, priority);
    }

    /// <summary>This system's HA group epoch (0 with no group, or outside a silo, where there is no group grain).</summary>
    private async Task<long> LocalEpochAsync()
        => services.GetService<IGrainFactory>() is { } grains ? (await RoleGates.GetAsync(grains)).Epoch : 0;

    private IRemoteSystemConnector Connector()
        => services.GetService<IRemoteSystemConnector>()
            ?? throw new InvalidOperationException("The silo transport needs an IRemoteSystemConnector; the silo host registers one (none is registered in this process).");

    private static RemoteSystemAddress Address(DestinationDefinition destination)
        => new(destination.RemoteSystem!, destination.Gateway!, destination.CredentialName!);
}
