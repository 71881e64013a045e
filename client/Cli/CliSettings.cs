using System.CommandLine;
using OrleansHa.Connections;

namespace OrleansHa.Client.Cli;

/// <summary>
/// The shared connection options and how they resolve into <see cref="SystemConnectionOptions"/>: each setting from its
/// flag, else its <c>ORLEANSHA_*</c> environment variable, else the config file, else its default.
/// </summary>
internal sealed class CliSettings(Func<string, string?> environment, TextReader input)
{
    /// <summary><c>--system NAME</c> (env <c>ORLEANSHA_SYSTEM</c>; default LOCAL).</summary>
    public static Option<string?> SystemOption { get; } = new("--system", "-s") { Description = "The system's name, its silo's --system-name (env ORLEANSHA_SYSTEM; default LOCAL)", Recursive = true };

    /// <summary><c>--gateway host:port[,host:port…]</c> (env <c>ORLEANSHA_GATEWAY</c>; default 127.0.0.1:30000).</summary>
    public static Option<string?> GatewayOption { get; } = new("--gateway", "-g") { Description = "The system's gateways, host:port, comma-separated (env ORLEANSHA_GATEWAY; default 127.0.0.1:30000)", Recursive = true };

    /// <summary><c>--user name</c> (env <c>ORLEANSHA_USER</c>; default admin).</summary>
    public static Option<string?> UserOption { get; } = new("--user", "-u") { Description = "User name to log in with (env ORLEANSHA_USER; default admin)", Recursive = true };

    /// <summary><c>--password secret</c> (env <c>ORLEANSHA_PASSWORD</c>).</summary>
    public static Option<string?> PasswordOption { get; } = new("--password", "-p") { Description = "Secret to log in with (env ORLEANSHA_PASSWORD); --password-file keeps it out of the process list", Recursive = true };

    /// <summary><c>--password-file path</c>, <c>-</c> for standard input (env <c>ORLEANSHA_PASSWORD_FILE</c>).</summary>
    public static Option<string?> PasswordFileOption { get; } = new("--password-file") { Description = "Read the secret from this file's first line, - for standard input (env ORLEANSHA_PASSWORD_FILE)", Recursive = true };

    /// <summary><c>--config file</c> (env <c>ORLEANSHA_CONFIG</c>; default ~/.config/orleansha/client.json).</summary>
    public static Option<string?> ConfigOption { get; } = new("--config") { Description = "Client config file (env ORLEANSHA_CONFIG; default ~/.config/orleansha/client.json)", Recursive = true };

    /// <summary><c>--tls</c>: the gateways speak TLS (env <c>ORLEANSHA_TLS=true</c>).</summary>
    public static Option<bool> TlsOption { get; } = new("--tls") { Description = "Connect with TLS (env ORLEANSHA_TLS=true)", Recursive = true };

    /// <summary><c>--tls-trust file</c>: a certificate to trust for the gateways (env <c>ORLEANSHA_TLS_TRUST</c>).</summary>
    public static Option<string?> TlsTrustOption { get; } = new("--tls-trust") { Description = "Certificate file to trust for the gateway, e.g. its self-signed one (env ORLEANSHA_TLS_TRUST)", Recursive = true };

    /// <summary><c>--tls-client-certificate file.pfx</c>: this client's certificate for mutual TLS; implies <c>--tls</c> (env <c>ORLEANSHA_TLS_CLIENT_CERTIFICATE</c>).</summary>
    public static Option<string?> TlsClientCertificateOption { get; } = new("--tls-client-certificate") { Description = "This client's certificate (.pfx) for a gateway that demands mutual TLS; implies --tls (env ORLEANSHA_TLS_CLIENT_CERTIFICATE)", Recursive = true };

    /// <summary><c>--tls-client-certificate-password secret</c> (env <c>ORLEANSHA_TLS_CLIENT_CERTIFICATE_PASSWORD</c>).</summary>
    public static Option<string?> TlsClientCertificatePasswordOption { get; } = new("--tls-client-certificate-password") { Description = "The password of --tls-client-certificate (env ORLEANSHA_TLS_CLIENT_CERTIFICATE_PASSWORD)", Recursive = true };

    /// <summary>
    /// <c>--group NAME=host:port[,host:port];NAME=host:port</c> (repeatable; env <c>ORLEANSHA_GROUP</c>, config
    /// <c>"group"</c>): the HA group's systems and their gateways. Writes then go to production.
    /// </summary>
    public static Option<string[]> GroupOption { get; } = new("--group")
    {
        Description = "The HA group's systems and their gateways, NAME=host:port[,host:port], several separated by ';' or given as repeated --group (env ORLEANSHA_GROUP; config \"group\"). Writes (appends, definitions) then go to whichever system is production now, waiting out a switch-over; reads go to --system (default: the first listed). The same --user and password log in to each",
        Recursive = true,
    };

    /// <summary><c>--no-follow</c>: send writes to <c>--system</c> even when a group is given (env <c>ORLEANSHA_NO_FOLLOW=true</c>).</summary>
    public static Option<bool> NoFollowOption { get; } = new("--no-follow")
    {
        Description = "Send writes to --system itself even when --group is given, e.g. to define the reverse-direction items on the backup (env ORLEANSHA_NO_FOLLOW=true)",
        Recursive = true,
    };

    /// <summary><c>--json</c>: JSON instead of a table.</summary>
    public static Option<bool> JsonOption { get; } = new("--json") { Description = "Write JSON instead of a table", Recursive = true };

    /// <summary>Adds the shared options to the root command.</summary>
    public static void AddOptions(RootCommand root)
    {
        root.Options.Add(SystemOption);
        root.Options.Add(GatewayOption);
        root.Options.Add(UserOption);
        root.Options.Add(PasswordOption);
        root.Options.Add(PasswordFileOption);
        root.Options.Add(ConfigOption);
        root.Options.Add(TlsOption);
        root.Options.Add(TlsTrustOption);
        root.Options.Add(TlsClientCertificateOption);
        root.Options.Add(TlsClientCertificatePasswordOption);
        root.Options.Add(GroupOption);
        root.Options.Add(NoFollowOption);
        root.Options.Add(JsonOption);
    }

    /// <summary>Resolves every setting; throws <see cref="CliSettingException"/> naming a missing or bad one and where to give it.</summary>
    public SystemConnectionOptions Resolve(ParseResult parse)
    {
        var configPath = parse.GetValue(ConfigOption) ?? environment("ORLEANSHA_CONFIG");
        var file = ClientConfigFile.Load(configPath ?? ClientConfigFile.DefaultPath, mustExist: configPath is not null);
        var clientCertificate = parse.GetValue(TlsClientCertificateOption) ?? environment("ORLEANSHA_TLS_CLIENT_CERTIFICATE") ?? file?.TlsClientCertificate;
        var tlsVariable = environment("ORLEANSHA_TLS");
        var group = Group(parse.GetValue(GroupOption) is { Length: > 0 } given ? string.Join(';', given) : environment("ORLEANSHA_GROUP") ?? file?.Group);
        // With a group, the system defaults to its first member, and a member's gateways to the group's.
        var system = parse.GetValue(SystemOption) ?? environment("ORLEANSHA_SYSTEM") ?? file?.System ?? group.FirstOrDefault()?.SystemName ?? "LOCAL";
        var gateway = parse.GetValue(GatewayOption) ?? environment("ORLEANSHA_GATEWAY") ?? file?.Gateway;
        var options = new SystemConnectionOptions
        {
            SystemName = system,
            Gateways = gateway is null && group.FirstOrDefault(m => m.SystemName == system) is { } member ? [.. member.Gateways] : Gateways(gateway ?? "127.0.0.1:30000"),
            Group = [.. group],
            User = parse.GetValue(UserOption) ?? environment("ORLEANSHA_USER") ?? file?.User ?? "admin",
            Secret = Secret(parse, file),
            UseTls = parse.GetValue(TlsOption) || string.Equals(tlsVariable, "true", StringComparison.OrdinalIgnoreCase) || tlsVariable == "1" || file?.Tls == true || clientCertificate is not null,
            TrustedCertificateFile = parse.GetValue(TlsTrustOption) ?? environment("ORLEANSHA_TLS_TRUST") ?? file?.TlsTrustedCertificate,
            ClientCertificateFile = clientCertificate,
            ClientCertificatePassword = parse.GetValue(TlsClientCertificatePasswordOption) ?? environment("ORLEANSHA_TLS_CLIENT_CERTIFICATE_PASSWORD") ?? file?.TlsClientCertificatePassword,
        };
        if (options.TrustedCertificateFile is { } trust && !File.Exists(trust))
        {
            throw new CliSettingException($"The certificate to trust '{trust}' does not exist (--tls-trust, ORLEANSHA_TLS_TRUST or \"tlsTrustedCertificate\").");
        }

        if (options.ClientCertificateFile is { } own && !File.Exists(own))
        {
            throw new CliSettingException($"The client certificate '{own}' does not exist (--tls-client-certificate, ORLEANSHA_TLS_CLIENT_CERTIFICATE or \"tlsClientCertificate\").");
        }

        return options;
    }

    /// <summary>Whether writes go to <c>--system</c> itself (<c>--no-follow</c> or <c>ORLEANSHA_NO_FOLLOW=true</c>).</summary>
    public bool NoFollow(ParseResult parse)
        => parse.GetValue(NoFollowOption) || environment("ORLEANSHA_NO_FOLLOW") is { } text && (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) || text == "1");

    private static IReadOnlyList<GroupMemberAddress> Group(string? text)
    {
        if (text is null)
        {
            return [];
        }

        try
        {
            return GroupMemberAddress.ParseList(text);
        }
        catch (ArgumentException bad)
        {
            throw new CliSettingException($"{bad.Message} (--group, ORLEANSHA_GROUP or \"group\")");
        }
    }

    private static List<string> Gateways(string text)
    {
        try
        {
            return [.. GatewayAddress.ParseList(text)];
        }
        catch (ArgumentException bad)
        {
            throw new CliSettingException($"{bad.Message} (--gateway, ORLEANSHA_GATEWAY or \"gateway\"; several are separated by commas)");
        }
    }

    // The secret, by the usual order: a flag (--password or --password-file, not both), then the environment
    // (ORLEANSHA_PASSWORD or ORLEANSHA_PASSWORD_FILE, not both), then the config file.
    private string Secret(ParseResult parse, ClientConfigFile? file)
    {
        var secret = Pick(parse.GetValue(PasswordOption), parse.GetValue(PasswordFileOption), "--password and --password-file")
            ?? Pick(environment("ORLEANSHA_PASSWORD"), environment("ORLEANSHA_PASSWORD_FILE"), "ORLEANSHA_PASSWORD and ORLEANSHA_PASSWORD_FILE")
            ?? file?.Password;
        if (string.IsNullOrEmpty(secret))
        {
            throw new CliSettingException("No password: give --password or --password-file (- for standard input), set ORLEANSHA_PASSWORD or ORLEANSHA_PASSWORD_FILE, or put \"password\" in the config file. The silo prints the administrator's on its first start.");
        }

        return secret;
    }

    private string? Pick(string? secret, string? secretFile, string both)
    {
        if (secret is not null && secretFile is not null)
        {
            throw new CliSettingException($"Both {both} were given: give the secret one way only.");
        }

        return secret ?? (secretFile is null ? null : ReadSecretFile(secretFile));
    }

    private string ReadSecretFile(string path)
    {
        string? line;
        try
        {
            line = (path == "-" ? input.ReadLine() : File.ReadLines(path).FirstOrDefault())?.TrimEnd('\r');
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CliSettingException($"The password file '{path}' cannot be read ({error.Message}).");
        }

        return string.IsNullOrEmpty(line)
            ? throw new CliSettingException(path == "-" ? "The password from standard input is empty (--password-file -)." : $"The password file '{path}' is empty: put the secret on its first line.")
            : line;
    }
}
