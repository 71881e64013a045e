using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace OrleansHa.Silo.Hosting;

/// <summary>
/// <see cref="SiloHostOptions"/> checked and resolved: absolute paths, parsed endpoints, the loaded certificate.
/// Built once at start by <see cref="Validate"/>, before anything listens or writes.
/// </summary>
public sealed partial record SiloSettings(
    string SystemName,
    string DataFolder,
    IPEndPoint Gateway,
    IPEndPoint Health,
    SiloStorageKind Storage,
    string? AzureConnectionString,
    string AzureContainer,
    string CredentialsFile,
    string? InitialAdministratorSecret,
    X509Certificate2? TlsCertificate,
    TimeSpan ShutdownTimeout,
    IPEndPoint SiloEndpoint,
    bool Insecure,
    bool RequireClientCertificate,
    TimeSpan SessionLifetime,
    string SigningKeyFile,
    bool StartEmpty = false,
    int MaxGatewayConnections = 1000,
    int MaxGatewayConnectionsPerAddress = 100)
{
    /// <summary>Checks every setting and reports all problems at once, each naming the setting and what is allowed.</summary>
    /// <exception cref="SiloConfigurationException">One or more settings are invalid.</exception>
    public static SiloSettings Validate(SiloHostOptions options, string baseDirectory)
    {
        var errors = new List<string>();
        const string Prefix = SiloHostOptions.SectionName + ":";

        var systemName = options.SystemName?.Trim() ?? string.Empty;
        if (!SystemNamePattern().IsMatch(systemName))
        {
            errors.Add($"{Prefix}SystemName is '{systemName}': allowed are 1-32 letters, digits, '-' or '_' (e.g. PROD, BACKUP).");
        }

        var dataFolder = string.IsNullOrWhiteSpace(options.DataFolder) ? null : Path.GetFullPath(options.DataFolder, baseDirectory);
        if (dataFolder is null)
        {
            errors.Add($"{Prefix}DataFolder is empty: give a folder path (default 'data').");
        }

        var gateway = ParseEndpoint(options.Gateway, "Gateway", errors);
        var health = ParseEndpoint(options.Health, "Health", errors);
        var silo = ParseEndpoint(options.SiloEndpoint, "SiloEndpoint", errors);
        if (gateway is not null && health is not null && gateway.Port == health.Port && gateway.Port != 0)
        {
            errors.Add($"{Prefix}Gateway and {Prefix}Health both use port {gateway.Port}: give them different ports.");
        }

        if (gateway is not null && silo is not null && gateway.Port == silo.Port)
        {
            errors.Add($"{Prefix}Gateway and {Prefix}SiloEndpoint both use port {gateway.Port}: give them different ports.");
        }

        foreach (var (name, endpoint) in new[] { ("Gateway", gateway), ("SiloEndpoint", silo) })
        {
            if (endpoint is { Port: 0 })
            {
                errors.Add($"{Prefix}{name} has port 0: Orleans advertises the port it listens on, so give a fixed one (1-65535).");
            }
        }

        foreach (var (name, endpoint) in new[] { ("Gateway", gateway), ("SiloEndpoint", silo), ("Health", health) })
        {
            if (endpoint is not null && !IsLocal(endpoint.Address))
            {
                errors.Add($"{Prefix}{name} is {endpoint}, but {endpoint.Address} is not an address of this machine (it has {string.Join(", ", LocalAddresses())}): give one of those, or 0.0.0.0 to listen on all.");
            }
        }

        if (gateway is not null && !IPAddress.IsLoopback(gateway.Address) && string.IsNullOrWhiteSpace(options.TlsCertificateFile) && !options.Insecure)
        {
            errors.Add($"{Prefix}Gateway is {gateway}, beyond loopback, without TLS: give {Prefix}TlsCertificateFile (--tls-certificate), or say --insecure to accept plain TCP on an untrusted network.");
        }

        if (options.RequireClientCertificate && string.IsNullOrWhiteSpace(options.TlsCertificateFile))
        {
            errors.Add($"{Prefix}RequireClientCertificate needs TLS: give {Prefix}TlsCertificateFile (--tls-certificate) too.");
        }

        if (options.SessionLifetime < TimeSpan.FromMinutes(1) || options.SessionLifetime > TimeSpan.FromDays(1))
        {
            errors.Add($"{Prefix}SessionLifetime is {options.SessionLifetime}: allowed is 00:01:00 to 1.00:00:00.");
        }

        if (options.MaxGatewayConnections is < 1 or > 100_000)
        {
            errors.Add($"{Prefix}MaxGatewayConnections is {options.MaxGatewayConnections}: allowed is 1 to 100000.");
        }

        if (options.MaxGatewayConnectionsPerAddress < 1 || options.MaxGatewayConnectionsPerAddress > Math.Max(1, options.MaxGatewayConnections))
        {
            errors.Add($"{Prefix}MaxGatewayConnectionsPerAddress is {options.MaxGatewayConnectionsPerAddress}: allowed is 1 to {Prefix}MaxGatewayConnections ({options.MaxGatewayConnections}).");
        }

        SiloStorageKind storage = default;
        switch (options.Storage?.Trim().ToLowerInvariant())
        {
            case "sqlite": storage = SiloStorageKind.Sqlite; break;
            case "azureblob": storage = SiloStorageKind.AzureBlob; break;
            case "memory": storage = SiloStorageKind.Memory; break;
            default: errors.Add($"{Prefix}Storage is '{options.Storage}': allowed are sqlite, azureblob, memory."); break;
        }

        if (storage == SiloStorageKind.AzureBlob && string.IsNullOrWhiteSpace(options.AzureConnectionString))
        {
            errors.Add($"{Prefix}AzureConnectionString is missing: it is required when {Prefix}Storage is azureblob (for Azurite: 'UseDevelopmentStorage=true').");
        }

        if (!ContainerPattern().IsMatch(options.AzureContainer ?? string.Empty))
        {
            errors.Add($"{Prefix}AzureContainer is '{options.AzureContainer}': allowed are 3-53 lower-case letters, digits and single '-', starting with a letter or digit.");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero || options.ShutdownTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{Prefix}ShutdownTimeout is {options.ShutdownTimeout}: allowed is more than 0 and at most 00:10:00.");
        }

        if (options.InitialAdministratorSecret is { Length: > 0 and < 12 })
        {
            errors.Add($"{Prefix}InitialAdministratorSecret is too short: allowed are at least 12 characters (or leave it unset for a random one).");
        }

        var credentials = dataFolder is null
            ? string.Empty
            : Path.GetFullPath(string.IsNullOrWhiteSpace(options.CredentialsFile) ? Path.Combine(dataFolder, "credentials.json") : options.CredentialsFile, baseDirectory);

        var signingKey = dataFolder is null
            ? string.Empty
            : Path.GetFullPath(string.IsNullOrWhiteSpace(options.SigningKeyFile) ? Path.Combine(dataFolder, "silo.key") : options.SigningKeyFile, baseDirectory);

        var certificate = LoadCertificate(options, baseDirectory, errors);
        if (errors.Count > 0)
        {
            certificate?.Dispose();
            throw new SiloConfigurationException("Invalid silo configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        }

        return new SiloSettings(systemName, dataFolder!, gateway!, health!, storage, options.AzureConnectionString, options.AzureContainer!,
            credentials, options.InitialAdministratorSecret, certificate, options.ShutdownTimeout, silo!, options.Insecure,
            options.RequireClientCertificate, options.SessionLifetime, signingKey, options.StartEmpty,
            options.MaxGatewayConnections, options.MaxGatewayConnectionsPerAddress);
    }

    private static IPEndPoint? ParseEndpoint(string? value, string name, List<string> errors)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            text = "127.0.0.1" + text["localhost".Length..];
        }

        if (IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':', StringComparison.Ordinal) && endpoint.Port is >= 0 and <= 65535)
        {
            return endpoint;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SiloHostOptions.SectionName}:{name} is '{value}': allowed is ip:port with a port from 0 (any free port) to 65535 (e.g. 127.0.0.1:30000, 0.0.0.0:30000, [::1]:30000)."));
        return null;
    }

    private static bool IsLocal(IPAddress address)
        => IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || LocalAddresses().Contains(address);

    private static IEnumerable<IPAddress> LocalAddresses()
        => NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address);

    private static X509Certificate2? LoadCertificate(SiloHostOptions options, string baseDirectory, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.TlsCertificateFile))
        {
            return null;
        }

        var path = Path.GetFullPath(options.TlsCertificateFile, baseDirectory);
        try
        {
            var certificate = path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, options.TlsCertificatePassword);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                errors.Add($"{SiloHostOptions.SectionName}:TlsCertificateFile '{path}' has no private key: allowed are a .pfx with its key, or a PEM file holding the certificate and its key.");
                return null;
            }

            return certificate;
        }
        catch (Exception error) when (error is CryptographicException or IOException or UnauthorizedAccessException)
        {
            errors.Add($"{SiloHostOptions.SectionName}:TlsCertificateFile '{path}' cannot be loaded ({error.Message}): allowed are a .pfx (with {SiloHostOptions.SectionName}:TlsCertificatePassword if it has one) or a PEM file with the key.");
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex SystemNamePattern();

    [GeneratedRegex("^(?=.{3,53}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContainerPattern();
}
