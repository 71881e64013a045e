using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansHa.Benchmarks.GrainCalls;
using OrleansHa.Connections;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Silo.Hosting;
using OrleansHa.Status;
using OrleansHa.Systems;

namespace OrleansHa.Benchmarks.Gateway;

/// <summary>
/// Client→silo calls through a real gateway on loopback TCP: the OrleansHa silo as it ships (TLS, session token on
/// every call, the call guard verifying it and the silo signing its own calls) beside a bare Orleans silo and client
/// with the same grains and neither TLS nor filters. Both answer the same trivial call, <see cref="IStatusGrain.PingAsync"/>,
/// so the difference is what TLS and the credential checks cost.
/// </summary>
public sealed class GatewaySuite : IBenchmarkSuite
{
    private const int Callers = 100;
    private const string Secret = "gateway-benchmark-secret-0123";

    /// <inheritdoc />
    public string Name => "gateway";

    /// <inheritdoc />
    public string Description => "client→silo calls/s through the gateway (100 callers): TLS + session token + call guard vs a bare Orleans silo";

    /// <inheritdoc />
    public string Note => "both silos run in this process and are reached over loopback TCP by a client of their own; "
        + "the bare silo has our grains and memory storage but no TLS and no call filters, its client sets the principal in RequestContext. "
        + "Target: the checks and TLS cost at most 30% (ratio ≥ 0.7).";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(context.Quick ? 1 : 3);
        var rounds = context.Quick ? 1 : 3;
        var root = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "gateway")).FullName;
        var (pem, cer) = WriteCertificate(root);

        context.Log.WriteLine("[gateway] starting the OrleansHa silo (TLS) and a bare Orleans silo");
        await using var secured = await SecuredSilo.StartAsync(root, pem, cancellationToken);
        await using var bare = await BareSilo.StartAsync(root, cancellationToken);
        await using var connection = await SystemConnection.ConnectAsync(
            new SystemConnectionOptions { SystemName = "BENCH", Gateways = [secured.Gateway], Secret = Secret, UseTls = true, TrustedCertificateFile = cer },
            cancellationToken: cancellationToken);

        var ours = connection.Client.GetGrain<IStatusGrain>(RegistryKeys.System);
        var plain = bare.Client.GetGrain<IStatusGrain>(RegistryKeys.System);
        CallerPrincipal.ActAs("admin", administrator: true);
        var paths = new (string Name, Func<int, long, Task> Call)[]
        {
            ("bare Orleans gateway", (_, _) => plain.PingAsync()),
            ("OrleansHa gateway, TLS + token + guard", (_, _) => ours.PingAsync()),
        };

        var figures = await CallRounds.RunAsync(paths, Callers, TimeSpan.FromMilliseconds(500), duration, rounds, context.Log, Name);
        var baseline = figures[paths[0].Name];
        var secure = figures[paths[1].Name];
        return
        [
            new($"{paths[1].Name} calls/s, {Callers} callers", secure.CallsPerSecond, baseline.CallsPerSecond, "calls/s", paths[0].Name, "ratio ≥ 0.7", secure.CallsPerSecond >= 0.7 * baseline.CallsPerSecond),
            new($"{paths[1].Name} p50", secure.P50, baseline.P50, "ms", paths[0].Name, "-", null),
            new($"{paths[1].Name} p99", secure.P99, baseline.P99, "ms", paths[0].Name, "-", null),
        ];
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

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The silo as <c>silo/Program.cs</c> composes it, with TLS, system BENCH.</summary>
    private sealed class SecuredSilo(WebApplication app, string gateway) : IAsyncDisposable
    {
        public string Gateway => gateway;

        public static async Task<SecuredSilo> StartAsync(string root, string pem, CancellationToken cancellationToken)
        {
            var gateway = $"127.0.0.1:{FreePort()}";
            var builder = SiloHostExtensions.CreateSiloBuilder(
            [
                "--system-name", "BENCH", "--data-folder", Path.Combine(root, "secured"), "--gateway", gateway,
                "--silo-endpoint", $"127.0.0.1:{FreePort()}", "--health", $"127.0.0.1:{FreePort()}",
                "--tls-certificate", pem, "--Silo:InitialAdministratorSecret", Secret, "--Serilog:MinimumLevel:Default", "Warning",
            ]);
            builder.AddOrleansHaSilo();
            var app = builder.Build();
            await app.StartAsync(cancellationToken);
            return new SecuredSilo(app, gateway);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>A bare Orleans silo with our grains and a bare client to it; no TLS, no filters.</summary>
    private sealed class BareSilo(IHost silo, IHost client) : IAsyncDisposable
    {
        public IClusterClient Client => client.Services.GetRequiredService<IClusterClient>();

        public static async Task<BareSilo> StartAsync(string root, CancellationToken cancellationToken)
        {
            var gatewayPort = FreePort();
            var siloBuilder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            siloBuilder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(FreePort(), gatewayPort, serviceId: SystemNames.ServiceId, clusterId: "BARE");
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
                silo.AddBenchGrains(Path.Combine(root, "bare"));
            });
            var silo = siloBuilder.Build();
            await silo.StartAsync(cancellationToken);

            var clientBuilder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            clientBuilder.UseOrleansClient(c =>
            {
                c.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
                c.Configure<ClusterOptions>(o => { o.ClusterId = "BARE"; o.ServiceId = SystemNames.ServiceId; });
            });
            var client = clientBuilder.Build();
            await client.StartAsync(cancellationToken);
            return new BareSilo(silo, client);
        }

        public async ValueTask DisposeAsync()
        {
            await client.StopAsync();
            client.Dispose();
            await silo.StopAsync();
            silo.Dispose();
        }
    }
}
