using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;
using OrleansHa.Security;
using OrleansHa.Systems;

namespace OrleansHa.Connections;

/// <summary>
/// A logged-in Orleans client to one OrleansHa system, in a host of its own: the system's gateways (static list),
/// TLS when asked, and the session token on every call. Orleans spreads calls over the gateways that answer and
/// reconnects to one that comes back; a call marked <see cref="IdempotentAttribute"/> that the loss of a gateway or silo
/// cut off is repeated (<see cref="CallRetryFilter"/>); the token is renewed before it expires. Dispose it to close
/// the connection.
/// </summary>
public sealed class SystemConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private SystemConnection(IHost host, SystemConnectionOptions options)
    {
        _host = host;
        Options = options;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The settings this connection was made with.</summary>
    public SystemConnectionOptions Options { get; }

    /// <summary>The Orleans client: get grains from it.</summary>
    public IClusterClient Client { get; }

    /// <summary>The session token in use.</summary>
    public SessionToken Session => _host.Services.GetRequiredService<SessionTokenHolder>().Token!;

    /// <summary>
    /// Connects to a gateway of the system and logs in. Throws <see cref="SystemUnavailableException"/> when no gateway
    /// answers, <see cref="AccessDeniedException"/> when the login is refused, <see cref="ArgumentException"/> for a bad setting.
    /// </summary>
    public static async Task<SystemConnection> ConnectAsync(SystemConnectionOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var endpoints = new List<IPEndPoint>();
        foreach (var gateway in options.Gateways)
        {
            endpoints.Add(await GatewayAddress.ResolveAsync(gateway, cancellationToken));
        }

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SessionTokenHolder>();
        builder.Services.AddSingleton(options);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(endpoints.ToArray());
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.SystemName;
                cluster.ServiceId = SystemNames.ServiceId;
            });
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = options.ResponseTimeout);
            // Order matters: the retry filter is outermost, so each repeat passes the token filter again.
            client.AddOutgoingGrainCallFilter<CallRetryFilter>();
            client.AddOutgoingGrainCallFilter<SessionTokenFilter>();
            if (options.UseTls)
            {
                client.UseTls(tls => ConfigureTls(tls, options));
            }
        });

        var host = builder.Build();
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(options.ConnectTimeout);
        var connection = new SystemConnection(host, options);
        try
        {
            await host.StartAsync(patience.Token);
            var holder = host.Services.GetRequiredService<SessionTokenHolder>();
            var login = connection.Client.GetGrain<ILoginGrain>(options.User);
            await holder.LoginAsync(() => login.LoginAsync(options.Secret)).WaitAsync(patience.Token);
            return connection;
        }
        catch (Exception error)
        {
            await connection.DisposeAsync();
            if (error is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new SystemUnavailableException(
                    $"System {options.SystemName} did not answer at {string.Join(", ", options.Gateways)} within {options.ConnectTimeout.TotalSeconds:0} s. {WhatToCheck(options)}",
                    error);
            }

            if (error is OperationCanceledException or ArgumentException or OrleansHaException)
            {
                throw;
            }

            throw new SystemUnavailableException($"System {options.SystemName} did not answer at {string.Join(", ", options.Gateways)}: {error.Message} {WhatToCheck(options)}", error);
        }
    }

    private static string WhatToCheck(SystemConnectionOptions options)
        => $"Check that its silo runs, that the address and the system name are right{(options.UseTls ? " and that its certificate is trusted" : ", and whether it needs TLS")}.";

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping a client whose gateway is gone may time out; the host is disposed either way.
        }

        _host.Dispose();
    }

    private static void ConfigureTls(TlsOptions tls, SystemConnectionOptions options)
    {
        if (options.ClientCertificateFile is { } own)
        {
            tls.LocalCertificate = X509CertificateLoader.LoadPkcs12FromFile(own, options.ClientCertificatePassword);
        }

        if (options.TrustedCertificateFile is { } trustFile)
        {
            var trusted = X509CertificateLoader.LoadCertificateFromFile(trustFile);
            tls.RemoteCertificateValidation = (certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || certificate.RawDataMemory.Span.SequenceEqual(trusted.RawDataMemory.Span);
        }

        tls.OnAuthenticateAsClient = (_, authentication) => authentication.TargetHost ??= "orleansha";
    }
}
