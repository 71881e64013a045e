using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using OrleansHa.Client.Cli;
using OrleansHa.Journals;
using OrleansHa.Systems;
using Spectre.Console;

namespace OrleansHa.Client.Commands;

/// <summary>The activity command, argument parsing and the streamed append.</summary>
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

    /// <summary>NAME,host:port,credential.</summary>
    internal static RemoteSystemAddress ParseReceiver(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 3 && parts.All(p => p.Length > 0)
            ? new RemoteSystemAddress(parts[0], parts[1], parts[2])
            : throw new ArgumentException($"--receiver '{text}' must be NAME,host:port,credential, e.g. BACKUP,10.0.0.2:30000,backup-admin.");
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

    private static async Task<string> ContentPrefixAsync(FileInfo file, CancellationToken ct)
    {
        if (file.Name == "-")
        {
            return "stdin-" + Guid.NewGuid().ToString("N")[..12];
        }

        await using var stream = file.OpenRead();
        var hash = await SHA256.HashDataAsync(stream, ct);
        return "file-" + Convert.ToHexString(hash)[..24].ToLowerInvariant();
    }

    private static async Task<AppendTotals> AppendFileAsync(CliContext context, IJournalGrain grain, FileInfo file, string prefix, int size, CancellationToken ct)
    {
        using var reader = file.Name == "-" ? Console.In : new StreamReader(file.FullName);
        var totals = new AppendTotals();
        var batch = new List<JournalChange>(size);
        var index = 0;

        async Task<bool> FlushAsync()
        {
            if (batch.Count == 0)
            {
                return true;
            }

            // The same request id on a retry (here or a rerun) returns the first answer instead of appending again.
            var result = await grain.AppendAsync($"{prefix}-{index++}", [.. batch]);
            batch.Clear();
            totals.Add(result);
            return result.Accepted;
        }

        await context.Console.Status().StartAsync("Appending…", async status =>
        {
            await foreach (var change in JournalChangeFile.ReadAsync(reader, file.Name == "-" ? "stdin" : file.Name, ct))
            {
                batch.Add(change);
                if (batch.Count == size && !await FlushAsync())
                {
                    return;
                }

                status.Status($"Appending… {totals.Journaled + totals.Filtered + totals.Rejected:N0} changes");
            }

            await FlushAsync();
        });
        return totals;
    }

    /// <summary>What a file's appends did, together.</summary>
    private sealed class AppendTotals
    {
        public int Appends { get; private set; }

        public long Journaled { get; private set; }

        public long Filtered { get; private set; }

        public long Rejected { get; private set; }

        public long First { get; private set; }

        public long Last { get; private set; }

        public string? Error { get; private set; }

        public void Add(JournalAppendResult result)
        {
            Appends++;
            Error = result.Error;
            Journaled += result.Journaled;
            Filtered += result.Filtered;
            Rejected += result.Rejected;
            First = First == 0 ? result.FirstSequence : First;
            Last = result.LastSequence == 0 ? Last : result.LastSequence;
        }
    }

    private static string Fields(Dictionary<string, string?>? fields)
        => fields is null ? "-" : string.Join(", ", fields.Select(f => $"{f.Key}={f.Value ?? "null"}"));
}
