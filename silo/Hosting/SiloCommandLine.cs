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
        ["--azure-connection-string"] = "Silo:AzureConnectionString",
        ["--azure-container"] = "Silo:AzureContainer",
        ["--credentials-file"] = "Silo:CredentialsFile",
        ["--tls-certificate"] = "Silo:TlsCertificateFile",
        ["--tls-certificate-password"] = "Silo:TlsCertificatePassword",
        ["--shutdown-timeout"] = "Silo:ShutdownTimeout",
    };
}
