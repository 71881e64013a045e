using System.CommandLine;
using OrleansHa.Client.Cli;
using OrleansHa.FileSets;
using OrleansHa.Users;

namespace OrleansHa.Client.Commands;

/// <summary>
/// <c>fileset add|update|list|show|suspend|resume|remove</c>: a user's file sets. A name without an
/// owner (<c>payroll</c>) means the logged-in user's own; the administrator names <c>alice/payroll</c>.
/// </summary>
public sealed class FileSetCommands : ICliModule
{
    /// <inheritdoc/>
    public IEnumerable<Command> CreateCommands(CliContext context)
    {
        var fileSet = new Command("fileset", "Manage file sets: source, patterns, destinations, batch, schedule, priority, options");
        fileSet.Subcommands.Add(Define(context, "add", "Define a file set", update: false));
        fileSet.Subcommands.Add(Define(context, "update", "Change a file set; options not given keep their values", update: true));

        var owner = new Option<string?>("--owner") { Description = "Whose file sets (the administrator; default: the logged-in user)" };
        var list = new Command("list", "List a user's file sets") { owner };
        list.SetGuardedAction(context, async (parse, client, _) =>
        {
            var user = parse.GetValue(owner) ?? MonitorCli.LoggedInUser(context, parse);
            var profile = await client.GetGrain<IUserGrain>(user).GetAsync() ?? throw new DefinitionNotFoundException($"user {user} does not exist.");
            var infos = await Task.WhenAll(profile.FileSets.Select(n => client.GetGrain<IFileSetGrain>(FileSetKey.Format(user, n)).GetAsync()));
            Write(context, parse, infos.OfType<FileSetInfo>());
            return 0;
        });
        fileSet.Subcommands.Add(list);

        var showName = MonitorCli.NameArgument("name", "The file set (name, or owner/name)");
        var show = new Command("show", "Show one file set with its last runs") { showName };
        show.SetGuardedAction(context, async (parse, client, _) =>
        {
            var key = MonitorCli.FileSetKey(context, parse, parse.GetValue(showName)!);
            var info = await client.GetGrain<IFileSetGrain>(key).GetAsync() ?? throw new DefinitionNotFoundException($"file set {key} does not exist.");
            Write(context, parse, [info]);
            context.WriteTable(parse, info.LastRuns,
                ("destination", r => r.Destination), ("finished", r => r.FinishedAt), ("outcome", r => r.Outcome.ToString()),
                ("copied", r => r.FilesCopied), ("deleted", r => r.FilesDeleted), ("bytes", r => r.BytesCopied),
                ("not sent", r => RunRecordText.Saved(r)), ("error", r => RunRecordText.Problem(r)));
            return 0;
        });
        fileSet.Subcommands.Add(show);
        fileSet.Subcommands.Add(MonitorCli.NamedCommand(context, "suspend", "Suspend a file set: not run until resumed", "name", (p, c, n) => c.GetGrain<IFileSetGrain>(MonitorCli.FileSetKey(context, p, n)).SetSuspendedAsync(true), "Suspended file set", write: true));
        fileSet.Subcommands.Add(MonitorCli.NamedCommand(context, "resume", "Resume a suspended file set", "name", (p, c, n) => c.GetGrain<IFileSetGrain>(MonitorCli.FileSetKey(context, p, n)).SetSuspendedAsync(false), "Resumed file set", write: true));
        fileSet.Subcommands.Add(MonitorCli.NamedCommand(context, "remove", "Remove a file set and its schedule", "name", (p, c, n) => c.GetGrain<IFileSetGrain>(MonitorCli.FileSetKey(context, p, n)).RemoveAsync(), "Removed file set", write: true));
        return [fileSet];
    }

    private static Command Define(CliContext context, string verb, string description, bool update)
    {
        var name = MonitorCli.NameArgument("name", "The file set (name, or owner/name)");
        var source = new Option<string?>("--source") { Description = "The directory copied (inside the owner's roots)" };
        var destinations = new Option<string[]>("--dest") { Description = "DESTINATION:PATH (repeat for several); PATH is relative for a local destination, absolute for a silo", AllowMultipleArgumentsPerToken = true };
        var include = new Option<string[]>("--include") { Description = "Glob of paths to copy (repeatable)", AllowMultipleArgumentsPerToken = true };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of paths never copied (repeatable)", AllowMultipleArgumentsPerToken = true };
        var batch = new Option<string?>("--batch") { Description = "Batch id (default: default)" };
        var schedule = new Option<string?>("--schedule") { Description = "'every 15m', 'daily 02:00' or 'manual'" };
        var priority = new Option<int?>("--priority") { Description = "0..the owner's maximum; higher runs first" };
        var mirror = new Option<bool?>("--mirror-deletes") { Description = "Delete at the destination what vanished at the source" };
        var verify = new Option<bool?>("--verify") { Description = "Compare content hashes" };
        var preserve = new Option<bool?>("--preserve-metadata") { Description = "Keep mtime and mode (default true)" };
        var durable = new Option<bool?>("--durable") { Description = "fsync files and directories (default true)" };
        var massDeleteShare = new Option<double?>("--mass-delete-share") { Description = "Delete guard: a run that would delete more than this share of the destination's files stops (above 0, at most 1; default 0.5)" };
        var massDeleteMinimum = new Option<long?>("--mass-delete-minimum") { Description = "Delete guard: the fewest deletions the share rule stops on (0 or more; default 1000); deleting everything always stops" };
        var command = new Command(verb, description) { name, source, destinations, include, exclude, batch, schedule, priority, mirror, verify, preserve, durable, massDeleteShare, massDeleteMinimum };
        command.SetGuardedWriteAction(context, async (parse, client, _) =>
        {
            var key = MonitorCli.FileSetKey(context, parse, parse.GetValue(name)!);
            var (owner, setName) = FileSetKey.Parse(key);
            var grain = client.GetGrain<IFileSetGrain>(key);
            var current = update
                ? (await grain.GetAsync())?.Definition ?? throw new DefinitionNotFoundException($"file set {key} does not exist; 'fileset add' defines it.")
                : new FileSetDefinition(owner, setName, string.Empty, [], [], [], "default", "manual", 0, new FileSetOptions());
            var given = parse.GetValue(destinations);
            var o = current.Options;
            var definition = current with
            {
                SourceRoot = parse.GetValue(source) ?? current.SourceRoot,
                Targets = given is { Length: > 0 } ? [.. given.Select(ParseTarget)] : current.Targets,
                Include = parse.GetValue(include) is { Length: > 0 } inc ? inc : current.Include,
                Exclude = parse.GetValue(exclude) is { Length: > 0 } exc ? exc : current.Exclude,
                BatchId = parse.GetValue(batch) ?? current.BatchId,
                Schedule = parse.GetValue(schedule) ?? current.Schedule,
                Priority = parse.GetValue(priority) ?? current.Priority,
                Options = new FileSetOptions(parse.GetValue(mirror) ?? o.MirrorDeletes, parse.GetValue(verify) ?? o.Verify, parse.GetValue(preserve) ?? o.PreserveMetadata, parse.GetValue(durable) ?? o.Durable,
                    parse.GetValue(massDeleteShare) ?? o.MassDeleteShare, parse.GetValue(massDeleteMinimum) ?? o.MassDeleteMinimum),
            };
            Write(context, parse, [await grain.DefineAsync(definition, allowUpdate: update)]);
            return 0;
        });
        return command;
    }

    private static FileSetTarget ParseTarget(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0
            ? throw new InvalidDefinitionException("dest", $"'{text}' is not DESTINATION:PATH", "e.g. BACKUP:alice/payroll")
            : new FileSetTarget(text[..colon], text[(colon + 1)..]);
    }

    private static string DeleteGuard(FileSetOptions options)
        => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"more than {(options.MassDeleteShare ?? FileSetOptions.DefaultMassDeleteShare) * 100:0.##}% and {options.MassDeleteMinimum ?? FileSetOptions.DefaultMassDeleteMinimum} file(s), or all");

    private static void Write(CliContext context, ParseResult parse, IEnumerable<FileSetInfo> fileSets)
        => context.WriteTable(parse, fileSets,
            ("file set", f => f.Definition.Key),
            ("source", f => f.Definition.SourceRoot),
            ("destinations", f => string.Join(", ", f.Definition.Targets.Select(t => $"{t.Destination}:{t.TargetPath}"))),
            ("batch", f => f.Definition.BatchId),
            ("schedule", f => f.Definition.Schedule),
            ("priority", f => f.Definition.Priority),
            ("delete guard", f => DeleteGuard(f.Definition.Options)),
            ("suspended", f => f.Suspended),
            ("last run", f => f.LastRuns.Count == 0 ? null : f.LastRuns.Max(r => r.FinishedAt)));
}
