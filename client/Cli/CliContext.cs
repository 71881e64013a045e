using System.CommandLine;
using System.Text.Json;
using Orleans;
using OrleansHa.Runtime.Gateway.Client;
using Spectre.Console;

namespace OrleansHa.Client.Cli;

/// <summary>
/// What every command gets: the connection settings shared by all commands (resolved from flags, then
/// <c>ORLEANSHA_*</c> environment variables, then the config file), the output format, and the console.
/// </summary>
public sealed class CliContext(IAnsiConsole console, TextWriter output, Func<string, string?>? environment = null) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;
    private readonly List<GatewayClient> _clients = [];

    /// <summary><c>--gateway host:port</c> (env <c>ORLEANSHA_GATEWAY</c>; default 127.0.0.1:30000).</summary>
    public static Option<string?> GatewayOption { get; } = new("--gateway", "-g") { Description = "The silo's gateway, host:port (env ORLEANSHA_GATEWAY; default 127.0.0.1:30000)", Recursive = true };

    /// <summary><c>--user name</c> (env <c>ORLEANSHA_USER</c>; default admin).</summary>
    public static Option<string?> UserOption { get; } = new("--user", "-u") { Description = "User name to log in with (env ORLEANSHA_USER; default admin)", Recursive = true };

    /// <summary><c>--password secret</c> (env <c>ORLEANSHA_PASSWORD</c>).</summary>
    public static Option<string?> PasswordOption { get; } = new("--password", "-p") { Description = "Secret to log in with (env ORLEANSHA_PASSWORD)", Recursive = true };

    /// <summary><c>--config file</c> (env <c>ORLEANSHA_CONFIG</c>; default ~/.config/orleansha/client.json).</summary>
    public static Option<string?> ConfigOption { get; } = new("--config") { Description = "Client config file (env ORLEANSHA_CONFIG; default ~/.config/orleansha/client.json)", Recursive = true };

    /// <summary><c>--tls</c>: the gateway speaks TLS (env <c>ORLEANSHA_TLS=true</c>).</summary>
    public static Option<bool> TlsOption { get; } = new("--tls") { Description = "Connect with TLS (env ORLEANSHA_TLS=true)", Recursive = true };

    /// <summary><c>--tls-trust file</c>: a certificate to trust for the gateway (env <c>ORLEANSHA_TLS_TRUST</c>).</summary>
    public static Option<string?> TlsTrustOption { get; } = new("--tls-trust") { Description = "Certificate file to trust for the gateway, e.g. its self-signed one (env ORLEANSHA_TLS_TRUST)", Recursive = true };

    /// <summary><c>--json</c>: JSON instead of a table.</summary>
    public static Option<bool> JsonOption { get; } = new("--json") { Description = "Write JSON instead of a table", Recursive = true };

    /// <summary>Spectre.Console, for tables, colours and progress bars.</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Plain standard output, for JSON.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Adds the shared options to the root command.</summary>
    public static void AddGlobalOptions(RootCommand root)
    {
        root.Options.Add(GatewayOption);
        root.Options.Add(UserOption);
        root.Options.Add(PasswordOption);
        root.Options.Add(ConfigOption);
        root.Options.Add(TlsOption);
        root.Options.Add(TlsTrustOption);
        root.Options.Add(JsonOption);
    }

    /// <summary>The gateway client settings these flags, the environment and the config file give (in that order).</summary>
    /// <exception cref="CliSettingException">A required setting (the password) is missing, or the config file is bad.</exception>
    public GatewayClientOptions ResolveOptions(ParseResult parse)
    {
        var configPath = parse.GetValue(ConfigOption) ?? _environment("ORLEANSHA_CONFIG");
        var file = ClientConfigFile.Load(configPath ?? ClientConfigFile.DefaultPath, mustExist: configPath is not null);
        var password = parse.GetValue(PasswordOption) ?? _environment("ORLEANSHA_PASSWORD") ?? file?.Password;
        if (string.IsNullOrEmpty(password))
        {
            throw new CliSettingException("No password: give --password, set ORLEANSHA_PASSWORD, or put \"password\" in the config file. The silo logs the administrator's on its first start.");
        }

        var tlsVariable = _environment("ORLEANSHA_TLS");
        return new GatewayClientOptions
        {
            Gateway = parse.GetValue(GatewayOption) ?? _environment("ORLEANSHA_GATEWAY") ?? file?.Gateway ?? "127.0.0.1:30000",
            User = parse.GetValue(UserOption) ?? _environment("ORLEANSHA_USER") ?? file?.User ?? "admin",
            Secret = password,
            UseTls = parse.GetValue(TlsOption) || string.Equals(tlsVariable, "true", StringComparison.OrdinalIgnoreCase) || tlsVariable == "1" || file?.Tls == true,
            TlsTrustedCertificateFile = parse.GetValue(TlsTrustOption) ?? _environment("ORLEANSHA_TLS_TRUST") ?? file?.TlsTrustedCertificate,
        };
    }

    /// <summary>Connects with the resolved gateway address and credential; errors name the missing setting.</summary>
    public async Task<IClusterClient> ConnectAsync(ParseResult parse, CancellationToken ct)
        => (await ConnectGatewayAsync(parse, ct)).GrainFactory;

    /// <summary>Connects and returns the gateway client itself (for hosting-level calls such as status).</summary>
    public async Task<GatewayClient> ConnectGatewayAsync(ParseResult parse, CancellationToken ct)
    {
        var options = ResolveOptions(parse);
        if (options.UseTls && options.TlsTrustedCertificateFile is { } trust && !File.Exists(trust))
        {
            throw new CliSettingException($"The certificate to trust '{trust}' does not exist (--tls-trust, ORLEANSHA_TLS_TRUST or \"tlsTrustedCertificate\").");
        }

        var client = await GatewayClient.ConnectAsync(options, services: null, ct);
        _clients.Add(client);
        return client;
    }

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json(ParseResult parse) => parse.GetValue(JsonOption);

    /// <summary>Writes rows as a table, or as a JSON array of objects keyed by the headers with <c>--json</c>.</summary>
    public void WriteTable<T>(ParseResult parse, IEnumerable<T> rows, params (string Header, Func<T, object?> Value)[] columns)
    {
        if (Json(parse))
        {
            var objects = rows.Select(row => columns.ToDictionary(c => c.Header, c => c.Value(row))).ToList();
            Output.WriteLine(JsonSerializer.Serialize(objects, JsonOptions));
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (header, _) in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        foreach (var row in rows)
        {
            table.AddRow(columns.Select(c => Markup.Escape(Format(c.Value(row)))).ToArray());
        }

        Console.Write(table);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _clients.Clear();
    }

    private static string Format(object? value) => value switch
    {
        null => "-",
        TimeSpan span => span.ToString(span.TotalDays >= 1 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
