using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using Orleans.Hosting;
using OrleansHa.Runtime.Engine;
using OrleansHa.Runtime.Hosting;
using OrleansHa.Runtime.Invocation;
using OrleansHa.Runtime.Reminders;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds the silo to a host: <c>builder.UseOrleans(silo =&gt; ...)</c>.</summary>
public static class OrleansSiloGenericHostExtensions
{
    /// <summary>Runs a silo in this host, configured by <paramref name="configureDelegate"/>.</summary>
    public static IHostApplicationBuilder UseOrleans(this IHostApplicationBuilder hostAppBuilder, Action<ISiloBuilder> configureDelegate)
    {
        ArgumentNullException.ThrowIfNull(hostAppBuilder);
        hostAppBuilder.Services.AddOrleans(hostAppBuilder.Configuration, configureDelegate);
        return hostAppBuilder;
    }

    /// <summary>Runs a silo in this host with default settings.</summary>
    public static IHostApplicationBuilder UseOrleans(this IHostApplicationBuilder hostAppBuilder) => hostAppBuilder.UseOrleans(_ => { });

    /// <summary>Adds the silo's services, configured by <paramref name="configureDelegate"/>.</summary>
    public static IServiceCollection AddOrleans(this IServiceCollection services, Action<ISiloBuilder> configureDelegate)
        => services.AddOrleans(new ConfigurationBuilder().Build(), configureDelegate);

    private static IServiceCollection AddOrleans(this IServiceCollection services, IConfiguration configuration, Action<ISiloBuilder> configureDelegate)
    {
        ArgumentNullException.ThrowIfNull(configureDelegate);
        if (services.Any(d => d.ServiceType == typeof(SiloRuntime)))
        {
            throw new InvalidOperationException("UseOrleans was called twice on one host; configure the silo in a single call.");
        }

        services.AddOptions();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GrainClassCatalog>();
        services.AddSingleton<IGrainTypeResolver>(sp => sp.GetRequiredService<GrainClassCatalog>().TypeTable);
        services.TryAddSingleton(new ValueCopier());
        services.AddSingleton<SiloRuntime>();
        services.AddSingleton<LocalGrainCallInvoker>();
        services.AddSingleton<IGrainCallInvoker>(sp => sp.GetRequiredService<LocalGrainCallInvoker>());
        services.AddSingleton(sp => new GrainReferenceFactory(sp.GetRequiredService<LocalGrainCallInvoker>(), sp.GetRequiredService<IGrainTypeResolver>(), sp));
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainReferenceFactory>());
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<GrainReferenceFactory>());
        services.AddSingleton(sp => new ReminderService(sp.GetRequiredService<IReminderTable>(), sp.GetRequiredService<Options.IOptions<ReminderOptions>>(), sp.GetRequiredService<SiloRuntime>()));
        services.AddHostedService<SiloLifecycleService>();
        configureDelegate(new SiloBuilder(services, configuration));
        return services;
    }
}
