namespace OrleansHa.Silo.Hosting;

/// <summary>The silo's command-line switches and the settings they set (any <c>--Silo:Name value</c> works too).</summary>
public static class SiloCommandLine
{
    /// <summary>Switch → configuration key.</summary>
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--system-name"] = "Silo:SystemName",
        ["--data-folder"] = "Silo:DataFolder",
        ["--gateway"] = "Silo:Gateway",
        ["--health"] = "Silo:Health",
        ["--storage"] = "Silo:Storage",
        ["--cluster"] = "Silo:Cluster",
        ["--advertised-address"] = "Silo:AdvertisedAddress",
        ["--journal-store"] = "Silo:JournalStore",
        ["--journal-connection-string"] = "Silo:JournalConnectionString",
        ["--azure-connection-string"] = "Silo:AzureConnectionString",
        ["--azure-container"] = "Silo:AzureContainer",
        ["--credentials-file"] = "Silo:CredentialsFile",
        ["--tls-certificate"] = "Silo:TlsCertificateFile",
        ["--tls-certificate-password"] = "Silo:TlsCertificatePassword",
        ["--shutdown-timeout"] = "Silo:ShutdownTimeout",
        ["--silo-endpoint"] = "Silo:SiloEndpoint",
        ["--insecure"] = "Silo:Insecure",
        ["--require-client-certificate"] = "Silo:RequireClientCertificate",
        ["--session-lifetime"] = "Silo:SessionLifetime",
        ["--signing-key-file"] = "Silo:SigningKeyFile",
        ["--start-empty"] = "Silo:StartEmpty",
        ["--max-gateway-connections"] = "Silo:MaxGatewayConnections",
        ["--max-gateway-connections-per-address"] = "Silo:MaxGatewayConnectionsPerAddress",
    };

    /// <summary>Switches that stand alone (<c>--insecure</c>); they may also be given a value (<c>--insecure false</c>).</summary>
    public static IReadOnlySet<string> Flags { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "--insecure", "--require-client-certificate", "--start-empty" };

    /// <summary>Gives each stand-alone flag the value <c>true</c> unless a value follows it, so the configuration binder reads it.</summary>
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>(args.Length + 2);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var bare = Flags.Contains(arg);
            var valueFollows = i + 1 < args.Length && bool.TryParse(args[i + 1], out _);
            result.Add(bare && !valueFollows ? arg + "=true" : arg);
        }

        return [.. result];
    }
}
