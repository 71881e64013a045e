using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansHa.EndToEnd.Tests.Infrastructure;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// Mutual TLS for service clients: a silo started with <c>--require-client-certificate</c> serves only clients whose
/// certificate chains to an authority it trusts. The silo process trusts exactly one test authority (its
/// <c>SSL_CERT_FILE</c> names that authority's certificate and <c>SSL_CERT_DIR</c> an empty folder), so the test
/// decides what is trusted without touching the machine's store.
/// </summary>
public sealed class MutualTlsTests : IDisposable
{
    private const string PfxPassword = "client-pfx-secret";
    private const string Rejected = "The remote certificate was rejected by the provided RemoteCertificateValidationCallback";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Cli_WithoutOrWithUntrustedClientCertificate_IsRefusedAndWithATrustedOneIsServed()
    {
        var (gatewayPfx, gatewayCer) = SiloLifecycleTests.WriteSelfSignedCertificate(_folder.Path);
        using var authority = CreateAuthority("CN=OrleansHa test client authority");
        using var stranger = CreateAuthority("CN=Someone else's authority");
        var trustedClient = WriteClientCertificate(authority, "trusted-client");
        var untrustedClient = WriteClientCertificate(stranger, "untrusted-client");
        var trustFile = Path.Combine(_folder.Path, "client-authorities.pem");
        await File.WriteAllTextAsync(trustFile, authority.ExportCertificatePem());
        var emptyTrustFolder = Directory.CreateDirectory(Path.Combine(_folder.Path, "no-other-authorities")).FullName;

        await using var silo = new SiloProcess(Path.Combine(_folder.Path, "silo"));
        silo.EnvironmentVariables["SSL_CERT_FILE"] = trustFile;
        silo.EnvironmentVariables["SSL_CERT_DIR"] = emptyTrustFolder;
        await silo.StartAsync("--tls-certificate", gatewayPfx, "--require-client-certificate", "--storage", "memory");
        string[] connect = ["ping", "--system", silo.SystemName, "--gateway", silo.Gateway, "--password", SiloProcess.DefaultSecret, "--tls", "--tls-trust", gatewayCer, "--json"];

        // The served client alone first (it must connect within the client's 20 s on a busy machine), then the two
        // refusals at once: each waits out that connect timeout.
        var trusted = await CliProcess.RunAsync(null, [.. connect, "--tls-client-certificate", trustedClient, "--tls-client-certificate-password", PfxPassword]);
        var siloOutputBeforeRefusals = silo.Output;
        var without = CliProcess.RunAsync(null, connect);
        var untrusted = CliProcess.RunAsync(null, [.. connect, "--tls-client-certificate", untrustedClient, "--tls-client-certificate-password", PfxPassword]);
        await Task.WhenAll(without, untrusted);

        Assert.Equal(1, (await without).ExitCode);
        Assert.Contains($"System {silo.SystemName} did not answer", (await without).Error, StringComparison.Ordinal);
        Assert.Equal(1, (await untrusted).ExitCode);
        Assert.Contains($"System {silo.SystemName} did not answer", (await untrusted).Error, StringComparison.Ordinal);
        Assert.True(trusted.ExitCode == 0, $"The trusted client was not served: {trusted.Error}");
        Assert.Contains("\"pong\"", trusted.Output, StringComparison.Ordinal);
        Assert.Contains("admin (administrator)", trusted.Output, StringComparison.Ordinal);

        // The refusals are the TLS handshake's, in the silo (not a client giving up on a slow silo).
        Assert.DoesNotContain(Rejected, siloOutputBeforeRefusals, StringComparison.Ordinal);
        Assert.Contains(Rejected, silo.Output, StringComparison.Ordinal);
    }

    private static X509Certificate2 CreateAuthority(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A client certificate issued by <paramref name="authority"/>, with its key, as a password-protected .pfx.</summary>
    private string WriteClientCertificate(X509Certificate2 authority, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        var pfx = Path.Combine(_folder.Path, name + ".pfx");
        File.WriteAllBytes(pfx, withKey.Export(X509ContentType.Pfx, PfxPassword));
        return pfx;
    }
}
