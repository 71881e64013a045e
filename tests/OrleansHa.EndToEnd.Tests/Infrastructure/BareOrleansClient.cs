using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansHa.Systems;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What an attacker who can reach the gateway builds: a plain Orleans client in a host of its own (static clustering to
/// the silo's gateway, the system name as cluster id), without OrleansHa's login or its outgoing filter, so whatever
/// the test puts into <see cref="RequestContext"/> goes to the silo as it is.
/// </summary>
public sealed class BareOrleansClient : IAsyncDisposable
{
    private readonly IHost _host;

    private BareOrleansClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<BareOrleansClient> ConnectAsync(SiloProcess silo)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, silo.GatewayPort))
            .Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (silo.SystemName, SystemNames.ServiceId)));
        var host = builder.Build();
        await host.StartAsync();
        return new BareOrleansClient(host);
    }

    /// <summary>Runs <paramref name="call"/> with <paramref name="values"/> in the request context (and nothing else of OrleansHa's).</summary>
    public static async Task<T> WithRequestContextAsync<T>(Func<Task<T>> call, params (string Key, object Value)[] values)
    {
        RequestContext.Clear();
        foreach (var (key, value) in values)
        {
            RequestContext.Set(key, value);
        }

        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(5));
        _host.Dispose();
    }
}
