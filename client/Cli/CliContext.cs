using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansHa.Connections;
using Spectre.Console;

namespace OrleansHa.Client.Cli;

/// <summary>
/// What every command gets: the connection settings shared by all commands (resolved by <see cref="CliSettings"/> from
/// flags, then <c>ORLEANSHA_*</c> environment variables, then the config file), the connection, the output format, and
/// the console.
/// </summary>
public sealed class CliContext(IAnsiConsole console, TextWriter output, Func<string, string?>? environment = null, TextReader? input = null, TextWriter? error = null) : IAsyncDisposable
{
    // Orleans keeps retrying a gateway that refuses the connection or answers as another cluster (for minutes), so a
    // command gives up after this long and says what to check.
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private static readonly JsonSerializerOptions DocumentOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
    private readonly CliSettings _settings = new(environment ?? Environment.GetEnvironmentVariable, input ?? System.Console.In);
    private GroupConnection? _group;
    private readonly OversizedMessageWatch _oversized = new();
    private (ParseResult Parse, SystemConnectionOptions Options)? _resolved;

    /// <summary>Spectre.Console, for tables, colours and progress bars.</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Plain standard output, for JSON.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Standard error, for one-line refusals.</summary>
    public TextWriter Error { get; } = error ?? System.Console.Error;

    /// <summary>Completes with Orleans' words when a call's message was over the size limit (Orleans itself only times out).</summary>
    internal Task<string> OversizedMessage => _oversized.Seen;

    /// <summary>Adds the shared options to the root command.</summary>
    public static void AddGlobalOptions(RootCommand root) => CliSettings.AddOptions(root);

    /// <summary>
    /// The connection settings these flags, the environment and the config file give (in that order). Resolved once per
    /// parse, so a secret read from standard input is read once.
    /// </summary>
    /// <exception cref="CliSettingException">A required setting (the password) is missing, or a setting or the config file is bad.</exception>
    public SystemConnectionOptions ResolveOptions(ParseResult parse)
    {
        if (_resolved is { } resolved && ReferenceEquals(resolved.Parse, parse))
        {
            return resolved.Options;
        }

        var options = _settings.Resolve(parse);
        _resolved = (parse, options);
        return options;
    }

    /// <summary>Connects with the resolved settings and logs in; errors name the missing or bad setting.</summary>
    public async Task<IClusterClient> ConnectAsync(ParseResult parse, CancellationToken ct)
        => (await ConnectSystemAsync(parse, ct)).Client;

    /// <summary>Connects and returns the connection itself (its session, for <c>ping</c> and <c>status</c>).</summary>
    /// <exception cref="CliSettingException">A setting is bad (an address that does not parse or resolve, a missing certificate).</exception>
    public async Task<SystemConnection> ConnectSystemAsync(ParseResult parse, CancellationToken ct)
    {
        var group = Group(parse);
        try
        {
            return await group.ConnectHomeAsync(ct);
        }
        catch (ArgumentException bad)
        {
            throw new CliSettingException(bad.Message);
        }
    }

    /// <summary>
    /// Runs a write (an append, a definition change) where writes go: production of the <c>--group</c>, found again and
    /// the write repeated when it is refused, waiting out a switch-over and saying so on stderr (<see cref="GroupConnection"/>);
    /// the <c>--system</c> itself with <c>--no-follow</c> or no group. <paramref name="write"/> runs again only after a
    /// refusal, which means nothing was done.
    /// </summary>
    public async Task<T> WriteAsync<T>(ParseResult parse, Func<IClusterClient, Task<T>> write, CancellationToken ct)
    {
        if (_settings.NoFollow(parse))
        {
            return await write((await ConnectSystemAsync(parse, ct)).Client);
        }

        return await Group(parse).WriteAsync(write, text => Error.WriteLine($"orleansha: {text}"), ct);
    }

    // One group of connections per command: the home system's, and production's when writes go elsewhere.
    private GroupConnection Group(ParseResult parse)
    {
        var options = ResolveOptions(parse);
        if (_group is { } known && ReferenceEquals(known.Options, options))
        {
            return known;
        }

        try
        {
            _group = new GroupConnection(options, new LoggerFactory([_oversized]));
        }
        catch (ArgumentException bad)
        {
            throw new CliSettingException(bad.Message);
        }

        return _group;
    }

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json(ParseResult parse) => parse.GetValue(CliSettings.JsonOption);

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

    /// <summary>Writes one JSON document (camelCase names, enums as words) to standard output, for <c>--json</c>.</summary>
    public void WriteJson<T>(T document) => Output.WriteLine(JsonSerializer.Serialize(document, DocumentOptions));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_group is { } group)
        {
            _group = null;
            await group.DisposeAsync();
        }
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
