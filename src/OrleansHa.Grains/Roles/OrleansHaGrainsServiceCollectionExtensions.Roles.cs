using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Grains.Roles;
using OrleansHa.Grains.Roles.Readiness;

namespace OrleansHa.Grains;

/// <summary>The HA group's services.</summary>
public static partial class OrleansHaGrainsServiceCollectionExtensions
{
    private static void AddRoleServices(this IServiceCollection services, IConfiguration? configuration)
    {
        var options = services.AddOptions<RoleOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection("Roles"));
        }

        services.AddSingleton<SystemDescriber>();
    }
}
