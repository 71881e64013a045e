using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using OrleansHa.Client.Cli;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Users;
using Spectre.Console;

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
        await using var connection = await first.ConnectAsync();
        var grain = connection.Client.GetGrain<IUserGrain>("erin");
        await grain.DefineAsync(new UserDefinition("erin", 1200, 100, 5, ["/home/erin"]), allowUpdate: true);

        Assert.Equal(0, await first.StopAsync());
        await Assert.ThrowsAnyAsync<Exception>(() => grain.GetAsync());
        await using var second = new SiloProcess(first);
        await second.StartAsync();

        // The same connection, and the same session (the silo key stays in the data folder), is served again once
        // Orleans has reconnected to the gateway.
        var info = await Eventually.ResultAsync(grain.GetAsync, TimeSpan.FromSeconds(90));

        Assert.Equal(1200, info.Definition.Uid);
    }

    [Fact]
    public async Task AcknowledgedWrites_WhenSiloIsKilledMidWrite_AreAllThereAfterRestart()
    {
        await using var first = new SiloProcess(_folder.Path);
        await first.StartAsync();
        await using var connection = await first.ConnectAsync();
        var acknowledged = new ConcurrentDictionary<string, int>();
        var enough = new TaskCompletionSource();
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
                    await connection.Client.GetGrain<IUserGrain>(name).DefineAsync(new UserDefinition(name, (writer * 10_000) + i, 100, 5, ["/home/" + name]), allowUpdate: true);
                    acknowledged[name] = (writer * 10_000) + i;
                    if (acknowledged.Count >= 80)
                    {
                        enough.TrySetResult();
                    }
                }
                catch (Exception error) when (error is OrleansException or TimeoutException or ObjectDisposedException)
                {
                    // A call in flight when the silo died: not acknowledged, so not counted.
                    await killed.Task;
                }
            }
        }).ToList();
        await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));

        await first.KillAsync();
        killed.SetResult();
        await Task.WhenAll(writers);
        await using var second = new SiloProcess(first);
        await second.StartAsync();
        await using var after = await second.ConnectAsync();

        var lost = new List<string>();
        foreach (var (name, uid) in acknowledged)
        {
            var info = await after.Client.GetGrain<IUserGrain>(name).GetAsync();
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
        await using (var connection = await first.ConnectAsync())
        {
            await connection.Client.GetGrain<IUserGrain>("gina").DefineAsync(new UserDefinition("gina", 3100, 100, 5, ["/home/gina"]), allowUpdate: true);
        }

        await first.StopAsync();
        await using var second = new SiloProcess(first);
        await second.StartAsync(azureBlob);
        await using var again = await second.ConnectAsync();
        var info = await again.Client.GetGrain<IUserGrain>("gina").GetAsync();

        Assert.Equal(3100, info!.Definition.Uid);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "silo", "orleansha.db")));
    }

    [Fact]
    public async Task FirstStart_WithoutConfiguredSecret_PrintsAGeneratedSecretThatLogsIn()
    {
        await using var silo = new SiloProcess(_folder.Path, secret: null);
        await silo.StartAsync();

        var secret = GeneratedSecret().Match(silo.Output).Groups[1].Value;
        await using var connection = await silo.ConnectAsync(secret: secret);

        Assert.Equal(43, secret.Length);
        Assert.True(File.Exists(silo.CredentialsFile));
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(silo.CredentialsFile), StringComparison.Ordinal);
        Assert.Equal("admin", connection.Session.Name);
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

        await using var tls = await silo.ConnectAsync(configure: options => (options.UseTls, options.TrustedCertificateFile) = (true, cer));
        var user = await tls.Client.GetGrain<IUserGrain>("tess").DefineAsync(new UserDefinition("tess", 4100, 100, 5, ["/home/tess"]), allowUpdate: true);

        var plainError = new StringWriter();
        var plain = await CliApp.RunAsync(
            ["ping", "--system", silo.SystemName, "--gateway", silo.Gateway, "--password", SiloProcess.DefaultSecret],
            AnsiConsole.Console, TextWriter.Null, plainError, CancellationToken.None, _ => null);

        Assert.Equal(4100, user.Definition.Uid);
        Assert.Equal(1, plain);
        Assert.Contains($"System {silo.SystemName} did not answer", plainError.ToString(), StringComparison.Ordinal);
    }

    internal static (string Pfx, string Cer) WriteSelfSignedCertificate(string folder, string name = "gateway")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pfx = Path.Combine(folder, name + ".pfx");
        var cer = Path.Combine(folder, name + ".cer");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx));
        File.WriteAllBytes(cer, certificate.Export(X509ContentType.Cert));
        return (pfx, cer);
    }

    [GeneratedRegex("The 'admin' secret is ([A-Za-z0-9_-]+) ")]
    private static partial Regex GeneratedSecret();
}
