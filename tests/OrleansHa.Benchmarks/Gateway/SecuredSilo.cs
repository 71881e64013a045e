using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using OrleansHa.Connections;
using OrleansHa.Silo.Hosting;

namespace OrleansHa.Benchmarks.Gateway;

/// <summary>
/// The silo as <c>silo/Program.cs</c> composes it, in this process: TLS with a self-signed certificate, the session
/// token and the call guard, SQLite under its own folder, every endpoint on a free loopback port.
/// </summary>
internal sealed class SecuredSilo(WebApplication app, string gateway, string systemName, string? trustedCertificate) : IAsyncDisposable
{
    public const string Secret = "gateway-benchmark-secret-0123";

    public string Gateway => gateway;

    public string SystemName => systemName;

    /// <summary>The gateway's certificate, for a client to trust (<c>--tls-trust</c>).</summary>
    public string TrustedCertificate => trustedCertificate ?? throw new InvalidOperationException("This silo was started without TLS.");

    /// <summary>
    /// Starts the silo; <paramref name="tls"/> false leaves TLS off (loopback only), to split its cost from the checks'.
    /// With <paramref name="advertisedGatewayPort"/>, the silo listens on its own gateway port but knows itself by that
    /// one, as behind a port-forwarding proxy (clients address the gateway by the port they dial).
    /// </summary>
    public static async Task<SecuredSilo> StartAsync(string root, string systemName, CancellationToken cancellationToken, bool tls = true, int? advertisedGatewayPort = null)
    {
        Directory.CreateDirectory(root);
        var gateway = $"127.0.0.1:{FreePort()}";
        string[] args =
        [
            "--system-name", systemName, "--data-folder", Path.Combine(root, "data"), "--gateway", gateway,
            "--silo-endpoint", $"127.0.0.1:{FreePort()}", "--health", $"127.0.0.1:{FreePort()}",
            "--Silo:InitialAdministratorSecret", Secret, "--Serilog:MinimumLevel:Default", "Warning",
        ];
        string? cer = null;
        if (tls)
        {
            (var pem, cer) = WriteCertificate(root);
            args = [.. args, "--tls-certificate", pem];
        }

        var builder = SiloHostExtensions.CreateSiloBuilder(args);
        builder.AddOrleansHaSilo();
        if (advertisedGatewayPort is { } advertised)
        {
            builder.Services.Configure<EndpointOptions>(endpoints => endpoints.GatewayPort = advertised);
        }

        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        return new SecuredSilo(app, gateway, systemName, cer);
    }

    /// <summary>Connects as the administrator, with TLS, trusting this silo's certificate.</summary>
    public Task<SystemConnection> ConnectAsync(CancellationToken cancellationToken)
        => SystemConnection.ConnectAsync(
            new SystemConnectionOptions { SystemName = systemName, Gateways = [gateway], Secret = Secret, UseTls = trustedCertificate is not null, TrustedCertificateFile = trustedCertificate },
            cancellationToken: cancellationToken);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static (string Pem, string Cer) WriteCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var pem = Path.Combine(folder, "gateway.pem");
        var cer = Path.Combine(folder, "gateway.cer");
        File.WriteAllText(pem, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(cer, certificate.Export(X509ContentType.Cert));
        return (pem, cer);
    }
}
