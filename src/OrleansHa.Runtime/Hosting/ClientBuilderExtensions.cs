using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Orleans.Hosting;

/// <summary>Service, options and gateway configuration on a client builder.</summary>
public static class ClientBuilderExtensions
{
    /// <summary>Configures an options type.</summary>
    public static IClientBuilder Configure<TOptions>(this IClientBuilder builder, Action<TOptions> configureOptions)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configureOptions);
        return builder;
    }

    /// <summary>Adds services.</summary>
    public static IClientBuilder ConfigureServices(this IClientBuilder builder, Action<IServiceCollection> configureDelegate)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureDelegate);
        configureDelegate(builder.Services);
        return builder;
    }

    /// <summary>Connects to the silo gateway on this machine at <paramref name="gatewayPort"/>.</summary>
    public static IClientBuilder UseLocalhostClustering(this IClientBuilder builder, int gatewayPort = 30000, string serviceId = "dev", string clusterId = "dev")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gatewayPort);
        builder.Services.Configure<StaticGatewayListProviderOptions>(o => o.Gateways = [new Uri($"gwy.tcp://127.0.0.1:{gatewayPort}/0")]);
        builder.Services.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = serviceId;
            o.ClusterId = clusterId;
        });
        return builder;
    }
}
