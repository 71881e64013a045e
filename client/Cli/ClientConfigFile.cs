using System.Text.Json;

namespace OrleansHa.Client.Cli;

/// <summary>
/// The client's config file (JSON, camelCase): <c>{"system": "PROD", "gateway": "host:port[,host:port]", "user": "admin",
/// "password": "...", "tls": false, "tlsTrustedCertificate": "path", "tlsClientCertificate": "path.pfx",
/// "tlsClientCertificatePassword": "...", "group": "PROD=host:port;BACKUP=host:port"}</c>. Found at <c>--config</c>, else <c>ORLEANSHA_CONFIG</c>,
/// else <c>~/.config/orleansha/client.json</c> when that exists.
/// </summary>
public sealed class ClientConfigFile
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The system's name (its silo's <c>--system-name</c>).</summary>
    public string? System { get; set; }

    /// <summary>The gateways, host:port, comma-separated.</summary>
    public string? Gateway { get; set; }

    /// <summary>The HA group's systems and gateways, <c>NAME=host:port[,host:port];NAME=host:port</c>: writes go to production.</summary>
    public string? Group { get; set; }

    /// <summary>The user name.</summary>
    public string? User { get; set; }

    /// <summary>The secret.</summary>
    public string? Password { get; set; }

    /// <summary>Whether the gateway speaks TLS.</summary>
    public bool? Tls { get; set; }

    /// <summary>A certificate file to trust for the gateway.</summary>
    public string? TlsTrustedCertificate { get; set; }

    /// <summary>This client's certificate (.pfx) for mutual TLS.</summary>
    public string? TlsClientCertificate { get; set; }

    /// <summary>The password of <see cref="TlsClientCertificate"/>.</summary>
    public string? TlsClientCertificatePassword { get; set; }

    /// <summary>The default location: <c>~/.config/orleansha/client.json</c>.</summary>
    public static string DefaultPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "orleansha", "client.json");

    /// <summary>Reads the file at <paramref name="path"/>; an explicitly named file must exist.</summary>
    public static ClientConfigFile? Load(string? path, bool mustExist)
    {
        if (path is null || (!mustExist && !File.Exists(path)))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new CliSettingException($"The config file '{path}' does not exist (given with --config or ORLEANSHA_CONFIG).");
        }

        try
        {
            return JsonSerializer.Deserialize<ClientConfigFile>(File.ReadAllText(path), JsonOptions) ?? new ClientConfigFile();
        }
        catch (JsonException error)
        {
            throw new CliSettingException($"The config file '{path}' is not valid JSON ({error.Message}); expected {{\"system\": \"NAME\", \"gateway\": \"host:port\", \"user\": \"...\", \"password\": \"...\"}}.");
        }
    }
}
