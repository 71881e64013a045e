using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;
using OrleansHa.Runtime.Storage;

namespace Orleans.Hosting;

/// <summary>Memory grain storage (tests): state is lost when the process ends.</summary>
public static class MemoryGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds a memory storage provider named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.TryAddSingleton<MemoryGrainStorageStore>();
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new MemoryGrainStorage(name, sp.GetRequiredService<MemoryGrainStorageStore>()));
        return builder;
    }

    /// <summary>Adds a memory storage provider as the default ("Default") provider.</summary>
    public static ISiloBuilder AddMemoryGrainStorageAsDefault(this ISiloBuilder builder) => builder.AddMemoryGrainStorage("Default");
}
