using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using OrleansHa.Runtime.Gateway.Client;
using OrleansHa.Runtime.Gateway.Hosting;
using OrleansHa.Runtime.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds a cluster client to a host, as Orleans' <c>UseOrleansClient</c> does; calls go through a silo's gateway.</summary>
public static class OrleansClientHostingExtensions
{
    /// <summary>
    /// Registers <see cref="IClusterClient"/> and <see cref="IGrainFactory"/>. The client connects when the host starts
    /// (the start fails with <c>SiloUnavailableException</c> naming the address when no silo answers) and disconnects
    /// when it stops. The gateway is the first of <c>UseLocalhostClustering</c>/<c>UseGateway</c>, else 127.0.0.1:30000.
    /// </summary>
    public static IHostApplicationBuilder UseOrleansClient(this IHostApplicationBuilder builder, Action<IClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions();
        configure(new ClientBuilder(builder.Services, builder.Configuration));
        builder.Services.AddSingleton(sp => new GatewayClientHostedService(Resolve(sp), sp));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GatewayClientHostedService>());
        builder.Services.AddSingleton(sp => sp.GetRequiredService<GatewayClientHostedService>().Client);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<GatewayClient>().GrainFactory);
        builder.Services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<IClusterClient>());
        return builder;
    }

    private static GatewayClientOptions Resolve(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<GatewayClientOptions>>().Value;
        var gateway = services.GetRequiredService<IOptions<StaticGatewayListProviderOptions>>().Value.Gateways.FirstOrDefault();
        if (gateway is not null)
        {
            options.Gateway = $"{gateway.Host}:{gateway.Port}";
        }

        if (services.GetService<TimeProvider>() is { } time)
        {
            options.TimeProvider = time;
        }

        return options;
    }
}
