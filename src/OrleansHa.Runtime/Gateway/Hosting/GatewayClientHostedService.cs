using Microsoft.Extensions.Hosting;
using OrleansHa.Runtime.Gateway.Client;

namespace OrleansHa.Runtime.Gateway.Hosting;

/// <summary>Connects the host's gateway client when the host starts and closes it when the host stops.</summary>
internal sealed class GatewayClientHostedService(GatewayClientOptions options, IServiceProvider services) : IHostedService, IAsyncDisposable
{
    private GatewayClient? _client;

    public GatewayClient Client => _client ?? throw new InvalidOperationException("The cluster client is not connected yet: it connects when the host starts (IHost.StartAsync).");

    public async Task StartAsync(CancellationToken cancellationToken) => _client = await GatewayClient.ConnectAsync(options, services, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }
}
