using Microsoft.Extensions.Hosting;
using OrleansHa.Runtime.Gateway.Server;

namespace OrleansHa.Runtime.Gateway.Hosting;

/// <summary>
/// Runs the gateway with the host. Registered after the silo runtime's own service: the host starts services in
/// registration order and stops them in reverse, so grains can run before the first client call arrives and the
/// gateway drains its calls before grains are deactivated.
/// </summary>
internal sealed class GatewayHostedService(GatewayServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
