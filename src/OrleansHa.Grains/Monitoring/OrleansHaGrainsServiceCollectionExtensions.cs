using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansHa.Grains;

/// <summary>Registers the application services the grains need. Each area adds its part in its own partial file.</summary>
public static partial class OrleansHaGrainsServiceCollectionExtensions
{
    /// <summary>Adds every area's services; options are bound from <paramref name="configuration"/> when given.</summary>
    public static IServiceCollection AddOrleansHaGrains(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.AddMonitoringServices(configuration);
        services.AddJournalServices(configuration);
        services.AddRoleServices(configuration);
        return services;
    }
}
