using Microsoft.Extensions.Logging;
using Orleans;
using OrleansHa.Runtime.Engine;
using OrleansHa.Runtime.Gateway;
using OrleansHa.Runtime.Gateway.Hosting;
using OrleansHa.Runtime.Gateway.Server;
using OrleansHa.Runtime.Invocation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the gateway in a silo host. OrleansHa's own (Orleans silos have their gateway built in).</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway. Needs, from the silo: <see cref="IGrainCallInvoker"/>, an <see cref="IGrainTypeResolver"/> that is a
    /// <see cref="GrainTypeTable"/>, <see cref="IGrainFactory"/>, and an <see cref="IGatewayAuthenticator"/> from the host.
    /// Call it after the silo runtime is added, so the gateway starts after it and stops before it.
    /// </summary>
    public static IServiceCollection AddOrleansHaGateway(this IServiceCollection services, Action<GatewayServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new GatewayServerOptions();
        configure(options);
        services.AddSingleton(sp => new GatewayServer(
            WithActivationCount(options, sp),
            sp.GetRequiredService<IGrainCallInvoker>(),
            sp.GetRequiredService<IGrainTypeResolver>() as GrainTypeTable
                ?? throw new InvalidOperationException("The gateway needs the silo's IGrainTypeResolver to be a GrainTypeTable, so it can send it to clients."),
            sp.GetRequiredService<IGatewayAuthenticator>(),
            new GatewayReferenceCodec(sp.GetRequiredService<IGrainFactory>()),
            sp.GetRequiredService<ILogger<GatewayServer>>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService(sp => new GatewayHostedService(sp.GetRequiredService<GatewayServer>()));
        return services;
    }

    private static GatewayServerOptions WithActivationCount(GatewayServerOptions options, IServiceProvider services)
    {
        if (options.ActivationCount is null && services.GetService<SiloRuntime>() is { } runtime)
        {
            options.ActivationCount = () => runtime.Directory.Count;
        }

        return options;
    }
}
