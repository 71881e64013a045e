using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace OrleansHa.Runtime.Hosting;

/// <summary>The <see cref="ISiloBuilder"/> handed to <c>UseOrleans</c> delegates.</summary>
public sealed class SiloBuilder(IServiceCollection services, IConfiguration configuration) : ISiloBuilder
{
    /// <inheritdoc/>
    public IServiceCollection Services { get; } = services;

    /// <inheritdoc/>
    public IConfiguration Configuration { get; } = configuration;
}
