namespace OrleansHa.Systems;

/// <summary>Reaches another OrleansHa system through its gateway. Implemented by hosting code (silo), injected into grains.</summary>
public interface IRemoteSystemConnector
{
    /// <summary>
    /// A grain factory for the remote system; calls carry the credential named by the address.
    /// The address may list several gateways of the other system; the client uses any that answers. A call cut off by
    /// the loss of a gateway or silo is repeated there when it is marked <c>[Idempotent]</c>, and otherwise fails with
    /// <c>CallInterruptedException</c> saying it may or may not have run.
    /// </summary>
    /// <exception cref="ArgumentException">This silo's credentials file has no credential named <see cref="RemoteSystemAddress.CredentialName"/>.</exception>
    ValueTask<IGrainFactory> ConnectAsync(RemoteSystemAddress address, CancellationToken cancellationToken);
}
