using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using OrleansHa.Runtime.Gateway.Client;

namespace Orleans.Hosting;

/// <summary>
/// OrleansHa's gateway settings for <see cref="IClientBuilder"/> (Orleans clients have no credentials or TLS of this kind).
/// <c>UseLocalhostClustering(gatewayPort)</c> picks the gateway as in Orleans.
/// </summary>
public static class GatewayClientBuilderExtensions
{
    /// <summary>Calls the silo whose gateway is at <paramref name="gateway"/> (<c>host:port</c>).</summary>
    public static IClientBuilder UseGateway(this IClientBuilder builder, string gateway)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gateway);
        builder.Services.Configure<StaticGatewayListProviderOptions>(o => o.Gateways = [new Uri($"gwy.tcp://{gateway}/0")]);
        return builder;
    }

    /// <summary>Logs in as <paramref name="user"/> (<c>admin</c> for the administrator) with <paramref name="secret"/>.</summary>
    public static IClientBuilder UseCredentials(this IClientBuilder builder, string user, string secret)
        => builder.ConfigureGateway(options =>
        {
            options.User = user;
            options.Secret = secret;
        });

    /// <summary>Speaks TLS to the gateway; <paramref name="trustedCertificateFile"/> pins a certificate (e.g. a self-signed one).</summary>
    public static IClientBuilder UseTls(this IClientBuilder builder, string? trustedCertificateFile = null, string? targetHost = null)
        => builder.ConfigureGateway(options =>
        {
            options.UseTls = true;
            options.TlsTrustedCertificateFile = trustedCertificateFile;
            options.TlsTargetHost = targetHost;
        });

    /// <summary>Changes any gateway client setting (response timeout, frame size, …).</summary>
    public static IClientBuilder ConfigureGateway(this IClientBuilder builder, Action<GatewayClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
