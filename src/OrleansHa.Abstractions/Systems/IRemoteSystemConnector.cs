namespace OrleansHa.Systems;

/// <summary>Reaches another OrleansHa system through its gateway. Implemented by hosting code (silo), injected into grains.</summary>
public interface IRemoteSystemConnector
{
    /// <summary>
    /// A grain factory for the remote system; calls carry the credential named by the address.
    /// Connection failures surface on calls as <c>SiloUnavailableException</c> naming the address.
    /// </summary>
    /// <exception cref="ArgumentException">This silo's credentials file has no credential named <see cref="RemoteSystemAddress.CredentialName"/>.</exception>
    ValueTask<IGrainFactory> ConnectAsync(RemoteSystemAddress address, CancellationToken cancellationToken);
}
