using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Hosting;

/// <summary>Service and options configuration on a silo builder.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Configures an options type.</summary>
    public static ISiloBuilder Configure<TOptions>(this ISiloBuilder builder, Action<TOptions> configureOptions)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configureOptions);
        return builder;
    }

    /// <summary>Adds services.</summary>
    public static ISiloBuilder ConfigureServices(this ISiloBuilder builder, Action<IServiceCollection> configureDelegate)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureDelegate);
        configureDelegate(builder.Services);
        return builder;
    }
}
