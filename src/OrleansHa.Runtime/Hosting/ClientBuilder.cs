using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace OrleansHa.Runtime.Hosting;

/// <summary>An <see cref="IClientBuilder"/> over a service collection (the gateway client's <c>UseOrleansClient</c> hands it out).</summary>
public sealed class ClientBuilder(IServiceCollection services, IConfiguration configuration) : IClientBuilder
{
    /// <inheritdoc/>
    public IServiceCollection Services { get; } = services;

    /// <inheritdoc/>
    public IConfiguration Configuration { get; } = configuration;
}
