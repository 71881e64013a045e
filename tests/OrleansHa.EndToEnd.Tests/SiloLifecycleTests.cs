using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Orleans.Runtime;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Runtime.Gateway.Client;
using OrleansHa.Users;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>Silo processes started, stopped, killed and restarted: each test runs its own.</summary>
public sealed partial class SiloLifecycleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Call_AfterSiloRestart_ReconnectsAndFindsTheState()
    {
        await using var first = new SiloProcess(_folder.Path);
        await first.StartAsync();
        await using var client = await Connect(first.Gateway);
        var grain = client.GrainFactory.GetGrain<IUserGrain>("erin");
        await grain.DefineAsync(new UserDefinition("erin", 1200, 100, 5, ["/home/erin"]), allowUpdate: true);

        Assert.Equal(0, await first.StopAsync());
        await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.GetAsync());
        await using var second = new SiloProcess(_folder.Path, gatewayPort: first.GatewayPort, healthPort: first.HealthPort);
        await second.StartAsync();
        var info = await grain.GetAsync();

        Assert.Equal(1200, info!.Definition.Uid);
    }

    [Fact]
    public async Task AcknowledgedWrites_WhenSiloIsKilledMidWrite_AreAllThereAfterRestart()
    {
        await using var first = new SiloProcess(_folder.Path);
        await first.StartAsync();
        await using var client = await Connect(first.Gateway);
        var acknowledged = new ConcurrentDictionary<string, int>();
        var killed = new TaskCompletionSource();

        // Eight writers keep defining users; the silo is killed (SIGKILL) once 80 writes are acknowledged, with
        // more in flight. A write counts only when its call returned.
        var writers = Enumerable.Range(0, 8).Select(async writer =>
        {
            for (var i = 0; !killed.Task.IsCompleted; i++)
            {
                var name = $"w{writer}n{i}";
                try
                {
                    await client.GrainFactory.GetGrain<IUserGrain>(name).DefineAsync(new UserDefinition(name, (writer * 10_000) + i, 100, 5, ["/home/" + name]), allowUpdate: true);
                    acknowledged[name] = (writer * 10_000) + i;
                }
                catch (SiloUnavailableException)
                {
                    await killed.Task;
                }
            }
        }).ToList();
        while (acknowledged.Count < 80)
        {
            await Task.Delay(10);
        }

        await first.KillAsync();
        killed.SetResult();
        await Task.WhenAll(writers);
        await using var second = new SiloProcess(_folder.Path, gatewayPort: first.GatewayPort, healthPort: first.HealthPort);
        await second.StartAsync();

        var lost = new List<string>();
        foreach (var (name, uid) in acknowledged)
        {
            var info = await client.GrainFactory.GetGrain<IUserGrain>(name).GetAsync();
            if (info?.Definition.Uid != uid)
            {
                lost.Add(name);
            }
        }

        Assert.True(acknowledged.Count >= 80);
        Assert.Empty(lost);
    }

    [Fact]
    public async Task StorageAzureBlob_WhenSiloRestarts_StateComesBackFromAzurite()
    {
        await using var azurite = await AzuriteProcess.StartAsync(Path.Combine(_folder.Path, "azurite"));
        string[] azureBlob = ["--storage", "azureblob", "--azure-connection-string", azurite.ConnectionString, "--azure-container", "e2e-state"];
        await using var first = new SiloProcess(Path.Combine(_folder.Path, "silo"));
        await first.StartAsync(azureBlob);
        await using var client = await Connect(first.Gateway);
        await client.GrainFactory.GetGrain<IUserGrain>("gina").DefineAsync(new UserDefinition("gina", 3100, 100, 5, ["/home/gina"]), allowUpdate: true);

        await first.StopAsync();
        await using var second = new SiloProcess(Path.Combine(_folder.Path, "silo"), gatewayPort: first.GatewayPort, healthPort: first.HealthPort);
        await second.StartAsync(azureBlob);
        var info = await client.GrainFactory.GetGrain<IUserGrain>("gina").GetAsync();

        Assert.Equal(3100, info!.Definition.Uid);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "silo", "orleansha.db")));
    }

    [Fact]
    public async Task FirstStart_WithoutConfiguredSecret_LogsAGeneratedSecretThatLogsIn()
    {
        await using var silo = new SiloProcess(_folder.Path, secret: null);
        await silo.StartAsync();

        var secret = GeneratedSecret().Match(silo.Output).Groups[1].Value;
        await using var client = await Connect(silo.Gateway, secret);

        Assert.Equal(43, secret.Length);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "credentials.json")));
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(Path.Combine(_folder.Path, "credentials.json")), StringComparison.Ordinal);
        Assert.Equal("admin", client.Principal!.Name);
    }

    [Fact]
    public async Task Start_WithInvalidSetting_ExitsWithCodeTwoNamingTheSetting()
    {
        await using var silo = new SiloProcess(_folder.Path);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.StartAsync("--storage", "floppy"));

        Assert.Equal(2, silo.ExitCode);
        Assert.Contains("Silo:Storage is 'floppy': allowed are sqlite, azureblob, memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_WithTls_WorksWithTrustedCertificateAndPlainClientIsTurnedAway()
    {
        var (pfx, cer) = WriteSelfSignedCertificate(_folder.Path);
        await using var silo = new SiloProcess(Path.Combine(_folder.Path, "silo"));
        await silo.StartAsync("--tls-certificate", pfx, "--storage", "memory");

        await using var tls = await GatewayClient.ConnectAsync(
            new GatewayClientOptions { Gateway = silo.Gateway, User = "admin", Secret = SiloProcess.DefaultSecret, UseTls = true, TlsTrustedCertificateFile = cer, TlsTargetHost = "localhost" },
            null,
            CancellationToken.None);
        var status = await tls.GetStatusAsync(CancellationToken.None);

        Assert.Equal("E2E", status.SystemName);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => Connect(silo.Gateway));
    }

    private static Task<GatewayClient> Connect(string gateway, string secret = SiloProcess.DefaultSecret)
        => GatewayClient.ConnectAsync(new GatewayClientOptions { Gateway = gateway, User = "admin", Secret = secret, ConnectTimeout = TimeSpan.FromSeconds(5) }, null, CancellationToken.None);

    private static (string Pfx, string Cer) WriteSelfSignedCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pfx = Path.Combine(folder, "gateway.pfx");
        var cer = Path.Combine(folder, "gateway.cer");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx));
        File.WriteAllBytes(cer, certificate.Export(X509ContentType.Cert));
        return (pfx, cer);
    }

    [GeneratedRegex("The 'admin' secret is ([A-Za-z0-9_-]+) ")]
    private static partial Regex GeneratedSecret();
}
