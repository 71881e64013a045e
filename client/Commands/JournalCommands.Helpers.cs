using System.CommandLine;
using System.Globalization;
using OrleansHa.Client.Cli;
using OrleansHa.Connections;
using OrleansHa.Journals;
using OrleansHa.Systems;

namespace OrleansHa.Client.Commands;

/// <summary>The activity command and argument parsing.</summary>
public sealed partial class JournalCommands
{
    private static Command Activity(CliContext context)
    {
        var key = new Option<string?>("--key") { Description = "Only lines about this record." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "From this time (ISO 8601, inclusive)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Up to this time (ISO 8601, exclusive)." };
        var limit = new Option<int>("--limit") { Description = "At most this many lines (1 to 10,000).", DefaultValueFactory = _ => 100 };
        var command = new Command("activity", "Show the activity journal: sync requests sent, accepted, rejected, retried.") { NameArgument, key, from, to, limit, RemoteOption };
        command.SetAction(async (parse, ct) =>
        {
            var client = await context.ConnectAsync(parse, ct);
            var (local, remote) = Target(client, parse);
            var lines = local is not null
                ? await local.GetActivityAsync(parse.GetValue(key), parse.GetValue(from), parse.GetValue(to), parse.GetValue(limit))
                : await remote!.GetActivityAsync(parse.GetValue(key), parse.GetValue(from), parse.GetValue(to), parse.GetValue(limit));
            context.WriteTable(parse, lines,
                ("at", a => a.At.ToString("O")), ("kind", a => a.Kind), ("system", a => a.System ?? "-"), ("key", a => a.Key ?? "-"),
                ("first", a => a.FirstSequence?.ToString(CultureInfo.InvariantCulture) ?? "-"), ("last", a => a.LastSequence?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                ("detail", a => a.Detail));
            return 0;
        });
        return command;
    }

    private static (IJournalGrain? Local, IRemoteJournalGrain? Remote) Target(IGrainFactory client, ParseResult parse)
    {
        var name = parse.GetValue(NameArgument)!;
        return parse.GetValue(RemoteOption) is { } source
            ? (null, client.GetGrain<IRemoteJournalGrain>(name + "@" + source))
            : (client.GetGrain<IJournalGrain>(name), null);
    }

    private static void WriteStatus(CliContext context, ParseResult parse, JournalStatus status)
    {
        if (!status.Defined)
        {
            throw new ArgumentException($"Journal '{status.Name}' is not defined; create it with: journal create {status.Name} --receiver NAME,host:port,credential.");
        }

        // One row per receiver, the journal's own figures repeated, so a table and --json say the same.
        ReceiverStatus?[] rows = status.Receivers.Length == 0 ? [default(ReceiverStatus)] : [.. status.Receivers];
        context.WriteTable(parse, rows,
            ("journal", _ => status.Name), ("last seq", _ => status.LastSequence), ("filtered", _ => status.Filtered),
            ("rejected here", _ => status.Rejected), ("queue limit", _ => status.QueueLimit),
            ("receiver", r => r?.SystemName), ("enabled", r => r?.Enabled), ("acknowledged", r => r?.Acknowledged),
            ("lag", r => r?.Lag), ("rejected there", r => r?.Rejected), ("retries", r => r?.Retries),
            ("last shipped", r => r?.LastShippedAt), ("last error", r => r?.LastError));
    }

    /// <summary>NAME,host:port[,host:port…],credential: the gateways between the name and the credential.</summary>
    internal static RemoteSystemAddress ParseReceiver(string text)
    {
        const string Allowed = "must be NAME,host:port,credential, or with several gateways of that system NAME,host:port,host:port,credential, e.g. BACKUP,10.0.0.2:30000,backup-admin";
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length < 3 || parts.Any(p => p.Length == 0))
        {
            throw new ArgumentException($"--receiver '{text}' {Allowed}.");
        }

        var gateways = string.Join(',', parts[1..^1]);
        try
        {
            GatewayAddress.ParseList(gateways);
        }
        catch (ArgumentException bad)
        {
            throw new ArgumentException($"--receiver '{text}': {bad.Message} It {Allowed}.", bad);
        }

        return new RemoteSystemAddress(parts[0], gateways, parts[^1]);
    }

    /// <summary>NAME;only=f1,f2;unless=f3;action=drop|once-a-day[;zone=Europe/Berlin].</summary>
    internal static SelectionRule ParseRule(string text)
    {
        var parts = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0].Contains('=', StringComparison.Ordinal))
        {
            throw new ArgumentException($"--rule '{text}' must start with a name, e.g. 'lastacc;only=lastAccess;unless=password;action=once-a-day'.");
        }

        string[] only = [], unless = [];
        var action = SelectionAction.Drop;
        string? zone = null;
        foreach (var part in parts.Skip(1))
        {
            var (name, value) = part.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (part[..at], part[(at + 1)..]) : (part, string.Empty);
            switch (name)
            {
                case "only":
                    only = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "unless":
                    unless = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "action":
                    action = value switch
                    {
                        "drop" => SelectionAction.Drop,
                        "once-a-day" => SelectionAction.OncePerKeyPerDay,
                        _ => throw new ArgumentException($"--rule '{text}': action must be drop or once-a-day; it is '{value}'."),
                    };
                    break;
                case "zone":
                    zone = value;
                    break;
                default:
                    throw new ArgumentException($"--rule '{text}': unknown part '{name}'; allowed: only, unless, action, zone.");
            }
        }

        return new SelectionRule(parts[0], only, unless, action, zone);
    }

    private static void WriteTotals(CliContext context, ParseResult parse, JournalAppendTotals totals)
        => context.WriteTable(parse, [totals],
            ("changes", t => t.Changes), ("appends", t => t.Appends), ("appended", t => t.Appended), ("already appended", t => t.Already),
            ("not appended", t => t.NotAppended), ("journaled", t => t.Journaled), ("filtered", t => t.Filtered), ("rejected", t => t.Rejected),
            ("first", t => t.First), ("last", t => t.Last), ("refused", t => t.Error ?? "-"));

    // Standard input is read twice (checked, then appended): it is kept in a file only this user may read.
    private static async Task<string> CopyInputAsync(CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"orleansha-append-{Guid.NewGuid():N}.jsonl");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var copy = new FileStream(path, options))
        {
            await Console.OpenStandardInput().CopyToAsync(copy, ct);
        }

        return path;
    }

    private static string Fields(Dictionary<string, string?>? fields)
        => fields is null ? "-" : string.Join(", ", fields.Select(f => $"{f.Key}={f.Value ?? "null"}"));
}
