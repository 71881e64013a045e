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

        SiloClusterKind cluster = default;
        switch (options.Cluster?.Trim().ToLowerInvariant())
        {
            case "localhost": cluster = SiloClusterKind.Localhost; break;
            case "azure": cluster = SiloClusterKind.Azure; break;
            default: errors.Add($"{Prefix}Cluster is '{options.Cluster}': allowed are localhost (one silo) and azure (silos sharing Azure Table membership)."); break;
        }

        SiloStorageKind storage = default;
        switch (options.Storage?.Trim().ToLowerInvariant() ?? (cluster == SiloClusterKind.Azure ? "azureblob" : "sqlite"))
        {
            case "sqlite": storage = SiloStorageKind.Sqlite; break;
            case "azureblob": storage = SiloStorageKind.AzureBlob; break;
            case "memory": storage = SiloStorageKind.Memory; break;
            default: errors.Add($"{Prefix}Storage is '{options.Storage}': allowed are sqlite, azureblob, memory."); break;
        }

        if (storage == SiloStorageKind.AzureBlob && string.IsNullOrWhiteSpace(options.AzureConnectionString))
        {
            errors.Add(cluster == SiloClusterKind.Azure
                ? $"{Prefix}AzureConnectionString is missing: it is required when {Prefix}Cluster is azure (--azure-connection-string; for Azurite: 'UseDevelopmentStorage=true')."
                : $"{Prefix}AzureConnectionString is missing: it is required when {Prefix}Storage is azureblob (for Azurite: 'UseDevelopmentStorage=true').");
        }

        if (cluster == SiloClusterKind.Azure && storage != SiloStorageKind.AzureBlob)
        {
            errors.Add($"{Prefix}Storage is '{options.Storage}', but {Prefix}Cluster is azure: every silo of the system must reach the same grain state, so allowed there is only azureblob (or leave {Prefix}Storage unset).");
        }

        JournalStoreKind journalStore = default;
        switch (options.JournalStore?.Trim().ToLowerInvariant())
        {
            case "sqlite": journalStore = JournalStoreKind.Sqlite; break;
            case "postgres": journalStore = JournalStoreKind.Postgres; break;
            default: errors.Add($"{Prefix}JournalStore is '{options.JournalStore}': allowed are sqlite (journals.db in the data folder) and postgres (a database every silo reaches)."); break;
        }

        if (cluster == SiloClusterKind.Azure && journalStore != JournalStoreKind.Postgres)
        {
            errors.Add($"{Prefix}JournalStore is '{options.JournalStore}', but {Prefix}Cluster is azure: a journal in one silo's data folder is lost with that silo, so allowed there is only postgres (--journal-store postgres --journal-connection-string ...).");
        }

        if (journalStore == JournalStoreKind.Postgres && string.IsNullOrWhiteSpace(options.JournalConnectionString))
        {
            errors.Add($"{Prefix}JournalConnectionString is missing: it is required when {Prefix}JournalStore is postgres (e.g. 'Host=127.0.0.1;Port=5432;Username=orleansha;Database=orleansha').");
        }

        IPAddress? advertised = null;
        if (!string.IsNullOrWhiteSpace(options.AdvertisedAddress))
        {
            if (!IPAddress.TryParse(options.AdvertisedAddress.Trim(), out advertised) || advertised.Equals(IPAddress.Any) || advertised.Equals(IPAddress.IPv6Any))
            {
                errors.Add($"{Prefix}AdvertisedAddress is '{options.AdvertisedAddress}': allowed is one IP address other silos and clients reach this silo at (e.g. 10.0.0.5), not 0.0.0.0.");
                advertised = null;
            }
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
            options.MaxGatewayConnections, options.MaxGatewayConnectionsPerAddress)
        {
            Cluster = cluster,
            AdvertisedAddress = advertised,
            JournalStore = journalStore,
            JournalConnectionString = journalStore == JournalStoreKind.Postgres ? options.JournalConnectionString : null,
        };
    }

    /// <summary>How this system's silos find each other.</summary>
    public SiloClusterKind Cluster { get; init; }

    /// <summary>The address given by <see cref="SiloHostOptions.AdvertisedAddress"/>, or null to derive it (see there).</summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>Where the journals' durable data lives.</summary>
    public JournalStoreKind JournalStore { get; init; }

    /// <summary>The PostgreSQL connection string when <see cref="JournalStore"/> is postgres; a secret, never logged.</summary>
    public string? JournalConnectionString { get; init; }

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
