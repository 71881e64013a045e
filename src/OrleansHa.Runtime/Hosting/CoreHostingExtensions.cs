using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Orleans.Hosting;

/// <summary>Clustering for our runtime, which is one silo: "localhost clustering" sets its ids and gateway port.</summary>
public static class CoreHostingExtensions
{
    /// <summary>
    /// Runs as a single silo on this machine: sets the cluster ids and the ports (<see cref="EndpointOptions"/>); the
    /// gateway listens on <paramref name="gatewayPort"/>. Multi-silo clustering is not supported: a primary silo endpoint is refused.
    /// </summary>
    /// <exception cref="OrleansConfigurationException">A primary silo endpoint was given.</exception>
    public static ISiloBuilder UseLocalhostClustering(
        this ISiloBuilder builder,
        int siloPort = 11111,
        int gatewayPort = 30000,
        IPEndPoint? primarySiloEndpoint = null,
        string serviceId = "dev",
        string clusterId = "dev")
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (primarySiloEndpoint is not null)
        {
            throw new OrleansConfigurationException(
                $"This runtime is a single silo; joining a primary silo at {primarySiloEndpoint} (multi-silo clustering) is not supported. Use Microsoft Orleans for a multi-silo cluster.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(gatewayPort);
        builder.Services.Configure<EndpointOptions>(o =>
        {
            o.SiloPort = siloPort;
            o.GatewayPort = gatewayPort;
        });
        builder.Services.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = serviceId;
            o.ClusterId = clusterId;
        });
        return builder;
    }
}
