using System.Collections.Concurrent;
using Orleans;
using OrleansHa.Runtime.Gateway.Client;
using OrleansHa.Runtime.Invocation;
using OrleansHa.Silo.Security;
using OrleansHa.Systems;

namespace OrleansHa.Silo.Systems;

/// <summary>
/// Reaches other systems through their gateways with credentials from this silo's credentials file. One client per
/// (gateway, credential), kept for the silo's lifetime; it connects on its first call and reconnects after a drop.
/// Until the first handshake, grain interfaces resolve with this silo's own table (both systems run the same grains).
/// </summary>
public sealed class GatewayRemoteSystemConnector(CredentialsStore credentials, IGrainTypeResolver localGrainTypes) : IRemoteSystemConnector, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Gateway, string Credential), GatewayClient> _clients = new();

    /// <inheritdoc/>
    public ValueTask<IGrainFactory> ConnectAsync(RemoteSystemAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var client = _clients.GetOrAdd((address.Gateway, address.CredentialName), key =>
        {
            var credential = credentials.FindRemote(key.Credential)
                ?? throw new ArgumentException($"System {address.SystemName}: this silo's credentials file {credentials.Path} has no credential named '{key.Credential}'; add it under \"remotes\" as {{\"name\", \"user\", \"secret\"}}.", nameof(address));
            var options = new GatewayClientOptions
            {
                Gateway = key.Gateway,
                User = credential.User,
                Secret = credential.Secret,
                UseTls = credential.Tls,
                TlsTrustedCertificateFile = credential.TrustedCertificateFile,
            };
            return GatewayClient.CreateLazy(options, localGrainTypes);
        });
        return ValueTask.FromResult<IGrainFactory>(client.GrainFactory);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            await client.DisposeAsync();
        }

        _clients.Clear();
    }
}
