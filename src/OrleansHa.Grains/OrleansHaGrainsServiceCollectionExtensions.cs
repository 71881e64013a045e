using Microsoft.Extensions.DependencyInjection;

namespace OrleansHa.Grains;

/// <summary>
/// Registers the application services the grains need. Each area adds its own part of this partial class
/// (a method <c>AddXxxServices</c>) and calls it from <see cref="AddOrleansHaGrains"/>.
/// </summary>
public static partial class OrleansHaGrainsServiceCollectionExtensions
{
    /// <summary>Adds every grain area's services. The silo configures the areas' options (data folder, system name) by section.</summary>
    public static IServiceCollection AddOrleansHaGrains(this IServiceCollection services)
    {
        AddJournalServices(services);
        return services;
    }
}
