using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using OrleansHa.Client.Cli;
using OrleansHa.Journals;

namespace OrleansHa.Client.Commands;

/// <summary>
/// <c>journal create|append|get|list|status|disable|enable|activity</c>. Reading commands take <c>--remote SOURCE</c>
/// to read this system's replica of a journal received from SOURCE (<c>name@SOURCE</c>) instead of a local journal.
/// </summary>
public sealed partial class JournalCommands : ICliModule
{
    private static readonly Argument<string> NameArgument = new("journal") { Description = "The journal's name, e.g. orders." };
    private static readonly Option<string?> RemoteOption = new("--remote") { Description = "Read the replica received from this source system (name@SOURCE) instead of the local journal." };

    /// <inheritdoc/>
    public IEnumerable<Command> CreateCommands(CliContext context)
    {
        var journal = new Command("journal", "Record journals: define, append, read, and watch replication.");
        journal.Subcommands.Add(Create(context));
        journal.Subcommands.Add(Append(context));
        journal.Subcommands.Add(Get(context));
        journal.Subcommands.Add(List(context));
        journal.Subcommands.Add(Status(context));
        journal.Subcommands.Add(Switch(context, enable: false));
        journal.Subcommands.Add(Switch(context, enable: true));
        journal.Subcommands.Add(Activity(context));
        yield return journal;
    }

    private static Command Create(CliContext context)
    {
        var receivers = new Option<string[]>("--receiver")
        {
            Description = "A receiving system as NAME,host:port,credential, or NAME,host:port,host:port,credential to list several of its gateways (repeat for several systems); the credential names an entry of the silo's credentials file.",
            AllowMultipleArgumentsPerToken = false,
        };
        var rules = new Option<string[]>("--rule")
        {
            Description = "A selection rule: 'NAME;only=f1,f2;unless=f3;action=drop|once-a-day[;zone=Europe/Berlin]' (repeat; first match decides).",
        };
        var limit = new Option<long>("--queue-limit")
        {
            Description = "Entries a receiver may fall behind before appends are refused.",
            DefaultValueFactory = _ => JournalDefinition.DefaultQueueLimit,
        };
        var owner = new Option<string?>("--owner") { Description = "The user the journal belongs to (may append and read). Default none: the administrator's alone." };
        var readers = new Option<string[]>("--reader") { Description = "A user who may read the journal's records, history, status and activity (repeat)." };
        var writers = new Option<string[]>("--writer") { Description = "A user who may append to the journal and read it (repeat)." };
        var command = new Command("create", "Create a journal or change its definition (administrators).") { NameArgument, receivers, rules, limit, owner, readers, writers };
        command.SetAction(async (parse, ct) =>
        {
            var definition = new JournalDefinition(
                [.. (parse.GetValue(receivers) ?? []).Select(ParseReceiver)],
                [.. (parse.GetValue(rules) ?? []).Select(ParseRule)],
                parse.GetValue(limit),
                parse.GetValue(owner),
                parse.GetValue(readers) is { Length: > 0 } r ? r : null,
                parse.GetValue(writers) is { Length: > 0 } w ? w : null);
            var status = await context.WriteAsync(parse, client => client.GetGrain<IJournalGrain>(parse.GetValue(NameArgument)!).DefineAsync(definition), ct);
            WriteStatus(context, parse, status);
            return 0;
        });
        return command;
    }

    private static Command Append(CliContext context)
    {
        var file = new Option<FileInfo>("--file") { Description = "A JSON-lines file of changes (op, key, ts, fields), or - for standard input.", Required = true };
        var batch = new Option<int>("--batch") { Description = "Changes per append (1 to 10,000; fewer when they pass 4 MB).", DefaultValueFactory = _ => 1000 };
        var requestId = new Option<string?>("--request-id")
        {
            Description = "Prefix of the appends' request ids (a batch starting on line N is PREFIX-lineN; a rerun with any --batch appends only what is missing). Default: derived from the content, so running the same file again appends nothing twice.",
        };
        var command = new Command("append", "Append changes read from a JSON-lines file, checked whole first; each batch answers once durable.") { NameArgument, file, batch, requestId };
        command.SetAction(async (parse, ct) =>
        {
            var size = parse.GetValue(batch);
            if (size is < 1 or > 10_000)
            {
                throw new CliInputException($"--batch must be 1 to 10,000; it is {size}.");
            }

            var prefix = parse.GetValue(requestId);
            if (prefix is not null && (prefix.Length is 0 or > JournalFileAppender.MaxPrefixLength || string.IsNullOrWhiteSpace(prefix)))
            {
                throw new CliInputException($"--request-id must be 1 to {JournalFileAppender.MaxPrefixLength} characters; it has {prefix.Length}.");
            }

            var given = parse.GetValue(file)!;
            var fromInput = given.Name == "-";
            var source = fromInput ? "stdin" : given.Name;
            var path = fromInput ? await CopyInputAsync(ct) : given.FullName;
            try
            {
                if (!fromInput && !File.Exists(path))
                {
                    throw new CliInputException($"--file {given}: no such file.");
                }

                // Every line is checked before anything is sent; a bad line anywhere appends nothing.
                var (changes, hash) = await JournalFileAppender.CheckAsync(path, source, ct);
                prefix ??= "file-" + hash;
                var totals = new JournalAppendTotals(changes);
                try
                {
                    // Each batch goes to production (of the --group, if given), again there when a system that is not
                    // production refused it: a refused batch was not appended, and its request id stays the same.
                    var journal = parse.GetValue(NameArgument)!;
                    Task<JournalAppendResult> Append(string id, JournalChange[] batch)
                        => context.WriteAsync(parse, client => client.GetGrain<IJournalGrain>(journal).AppendAsync(id, batch), ct);
                    if (context.Json(parse))
                    {
                        // Standard output carries the JSON alone.
                        await JournalFileAppender.AppendAsync(Append, path, source, prefix, size, totals, progress: null, ct);
                    }
                    else
                    {
                        await context.Console.Status().StartAsync("Appending…", status => JournalFileAppender.AppendAsync(
                            Append, path, source, prefix, size, totals, () => status.Status($"Appending… {totals.Appended + totals.Already:N0} of {totals.Changes:N0} changes"), ct));
                    }
                }
                catch (Exception)
                {
                    totals.Stopped("stopped by the error below; once it is dealt with, the same command appends only what is missing.");
                    WriteTotals(context, parse, totals);
                    throw;
                }

                WriteTotals(context, parse, totals);
                return totals.Error is null ? 0 : 3;
            }
            finally
            {
                if (fromInput)
                {
                    File.Delete(path);
                }
            }
        });
        return command;
    }

    private static Command Get(CliContext context)
    {
        var key = new Argument<string>("key") { Description = "The record key." };
        var history = new Option<int>("--history") { Description = "Also show the record's last N changes.", DefaultValueFactory = _ => 0 };
        var command = new Command("get", "Show a record (and its history).") { NameArgument, key, history, RemoteOption };
        command.SetAction(async (parse, ct) =>
        {
            var client = await context.ConnectAsync(parse, ct);
            var (local, remote) = Target(client, parse);
            var k = parse.GetValue(key)!;
            var record = local is not null ? await local.GetRecordAsync(k) : await remote!.GetRecordAsync(k);
            if (record is null)
            {
                await context.Output.WriteLineAsync($"No record '{k}'.");
            }
            else
            {
                var rows = record.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
                rows.Add(new("(timestamp)", record.Timestamp.ToString("O", CultureInfo.InvariantCulture)));
                context.WriteTable(parse, rows, ("field", f => f.Key), ("value", f => f.Value ?? "(null)"));
            }

            var n = parse.GetValue(history);
            if (n > 0)
            {
                var changes = local is not null ? await local.GetHistoryAsync(k, n) : await remote!.GetHistoryAsync(k, n);
                context.WriteTable(parse, changes,
                    ("seq", h => h.Sequence?.ToString() ?? "-"), ("op", h => h.Change.Kind), ("ts", h => h.Change.Timestamp.ToString("O")),
                    ("outcome", h => h.Outcome), ("fields", h => Fields(h.Change.Fields)), ("applied", h => h.RecordedAt.ToString("O")));
            }

            return record is null ? 4 : 0;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var prefix = new Option<string>("--prefix") { Description = "Only keys starting with this.", DefaultValueFactory = _ => string.Empty };
        var after = new Option<string?>("--after") { Description = "Start after this key (paging)." };
        var limit = new Option<int>("--limit") { Description = "At most this many keys (1 to 10,000).", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List record keys by prefix.") { NameArgument, prefix, after, limit, RemoteOption };
        command.SetAction(async (parse, ct) =>
        {
            var client = await context.ConnectAsync(parse, ct);
            var (local, remote) = Target(client, parse);
            var p = parse.GetValue(prefix)!;
            var keys = local is not null
                ? await local.ListKeysAsync(p, parse.GetValue(after), parse.GetValue(limit))
                : await remote!.ListKeysAsync(p, parse.GetValue(after), parse.GetValue(limit));
            context.WriteTable(parse, keys, ("key", k => k));
            return 0;
        });
        return command;
    }

    private static Command Status(CliContext context)
    {
        var command = new Command("status", "Show a journal's position and each receiver's acknowledged sequence, lag and rejections.") { NameArgument, RemoteOption };
        command.SetAction(async (parse, ct) =>
        {
            var client = await context.ConnectAsync(parse, ct);
            var (local, remote) = Target(client, parse);
            if (local is not null)
            {
                WriteStatus(context, parse, await local.GetStatusAsync());
            }
            else
            {
                var s = await remote!.GetStatusAsync();
                context.WriteTable(parse, [s],
                    ("journal", x => x.Name), ("last applied", x => x.LastApplied), ("applied", x => x.Applied), ("duplicates", x => x.Duplicates),
                    ("rejected puts", x => x.RejectedPuts), ("rejected deletes", x => x.RejectedDeletes), ("gaps refused", x => x.GapsRefused),
                    ("last received", x => x.LastReceivedAt?.ToString("O") ?? "-"));
            }

            return 0;
        });
        return command;
    }

    private static Command Switch(CliContext context, bool enable)
    {
        // Not --system: that global option names the system the client connects to.
        var system = new Option<string?>("--receiver") { Description = "Only this receiving system (default: all receivers of the journal)." };
        var command = new Command(
            enable ? "enable" : "disable",
            enable ? "Resume replication; what was appended meanwhile follows (administrators)." : "Stop replication for a maintenance window; appends go on and wait (administrators).")
        { NameArgument, system };
        command.SetAction(async (parse, ct) =>
        {
            var client = await context.ConnectAsync(parse, ct);
            var grain = client.GetGrain<IJournalGrain>(parse.GetValue(NameArgument)!);
            var status = enable ? await grain.EnableAsync(parse.GetValue(system)) : await grain.DisableAsync(parse.GetValue(system));
            WriteStatus(context, parse, status);
            return 0;
        });
        return command;
    }
}
