using System.Collections.Concurrent;
using OrleansHa.Connections;
using OrleansHa.Silo.Security;
using OrleansHa.Systems;

namespace OrleansHa.Silo.Systems;

/// <summary>
/// Reaches other systems through their gateways with credentials from this silo's credentials file: one
/// <see cref="SystemConnection"/> (an Orleans client in a host of its own) per (system, gateway list, credential), made
/// on first use and kept for the silo's lifetime. A destination or receiver may list several gateways of the other
/// system (<c>host:port,host:port</c>): the connection uses any that answers, Orleans reconnects to one that comes back,
/// and a call marked <c>[Idempotent]</c> that a lost gateway or silo cut off is repeated through another. A connection that
/// could not be made is not kept, so the next call tries again. Grain references it hands out belong to the other
/// system's cluster and are only ever used to call it.
/// </summary>
public sealed class GatewayRemoteSystemConnector(CredentialsStore credentials, ILoggerFactory loggerFactory) : IRemoteSystemConnector, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string System, string Gateway, string Credential), Lazy<Task<SystemConnection>>> _connections = new();

    /// <inheritdoc/>
    public async ValueTask<IGrainFactory> ConnectAsync(RemoteSystemAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var key = (address.SystemName, address.Gateway, address.CredentialName);
        var lazy = _connections.GetOrAdd(key, k => new Lazy<Task<SystemConnection>>(() => ConnectNewAsync(address)));
        try
        {
            return (await lazy.Value.WaitAsync(cancellationToken)).Client;
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _connections.TryRemove(new KeyValuePair<(string, string, string), Lazy<Task<SystemConnection>>>(key, lazy));
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _connections.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await lazy.Value.Result.DisposeAsync();
            }
        }

        _connections.Clear();
    }

    private Task<SystemConnection> ConnectNewAsync(RemoteSystemAddress address)
    {
        var credential = credentials.FindRemote(address.CredentialName)
            ?? throw new ArgumentException($"System {address.SystemName}: this silo's credentials file {credentials.Path} has no credential named '{address.CredentialName}'; add it under \"remotes\" as {{\"name\", \"user\", \"secret\"}}.", nameof(address));
        var options = new SystemConnectionOptions
        {
            SystemName = address.SystemName,
            Gateways = [.. GatewayList(address)],
            User = credential.User,
            Secret = credential.Secret,
            UseTls = credential.Tls,
            TrustedCertificateFile = credential.TrustedCertificateFile,
        };

        // A connection of its own: a timeout or cancellation of one caller must not cancel the shared connect.
        return SystemConnection.ConnectAsync(options, loggerFactory, CancellationToken.None);
    }

    private static IReadOnlyList<string> GatewayList(RemoteSystemAddress address)
    {
        try
        {
            return GatewayAddress.ParseList(address.Gateway);
        }
        catch (ArgumentException bad)
        {
            throw new ArgumentException($"System {address.SystemName}: {bad.Message}", nameof(address), bad);
        }
    }
}
