using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansHa.Grains.Destinations;
using OrleansHa.Grains.Monitoring;
using OrleansHa.Grains.Workers;
using OrleansHa.Sync;

namespace OrleansHa.Grains;

/// <summary>The monitor area's registrations.</summary>
public static partial class OrleansHaGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds what users, file sets, destinations, workers and the monitor need: <see cref="MonitorOptions"/>
    /// (section <c>Monitor</c>, validated at start), the destination transports, and a TimeProvider.
    /// </summary>
    public static IServiceCollection AddMonitoringServices(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<MonitorOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(MonitorOptions.SectionName));
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MonitorOptions>, MonitorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IReplicaTransport, ReplicaTransport>();
        services.TryAddSingleton<SyncEngine>();
        services.TryAddSingleton<RunSlots>();
        services.TryAddSingleton<DestinationThrottles>();
        return services;
    }
}
