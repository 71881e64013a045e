using System.CommandLine;
using OrleansHa.Client.Cli;
using OrleansHa.Connections;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Status;
using Spectre.Console;

namespace OrleansHa.Client.Commands;

/// <summary><c>jobs</c>, <c>retry</c>, <c>activity</c>, and the STATUS view behind <c>sync status</c>.</summary>
public sealed class StatusCommands : ICliModule
{
    /// <inheritdoc/>
    public IEnumerable<Command> CreateCommands(CliContext context)
    {
        var jobsUser = new Option<string?>("--owner") { Description = "Only this user's runs (the administrator)" };
        var jobs = new Command("jobs", "The queue of runs waiting, highest priority first") { jobsUser };
        jobs.SetGuardedAction(context, async (parse, client, _) =>
        {
            var report = await client.GetGrain<IStatusGrain>(RegistryKeys.System).GetStatusAsync(new StatusQuery(parse.GetValue(jobsUser)));
            context.WriteTable(parse, report.Queue,
                ("worker", q => q.WorkerKey), ("file set", q => q.FileSet), ("priority", q => q.Priority), ("reason", q => q.Reason), ("queued", q => q.QueuedAt));
            return 0;
        });

        var worker = MonitorCli.NameArgument("worker", "The worker, user|destination|batch");
        var retry = new Command("retry", "Retry a failed worker now and reset its failure count") { worker };
        retry.SetGuardedAction(context, async (parse, client, _) =>
        {
            var key = parse.GetValue(worker)!;
            if (!await client.GetGrain<IStatusGrain>(RegistryKeys.System).RetryAsync(key))
            {
                throw new DefinitionNotFoundException($"worker {key} is not supervised by any monitor shard; 'sync status --all' lists the workers.");
            }

            context.Console.WriteLine($"Retrying {key}");
            return 0;
        });

        var owner = new Option<string?>("--owner") { Description = "Whose log (default: the logged-in user's; every user's for the administrator)" };
        var fileSet = new Option<string?>("--fileset") { Description = "Only this file set" };
        var limit = new Option<int>("--limit") { Description = "At most this many runs", DefaultValueFactory = _ => 50 };
        var activity = new Command("activity", "Recent runs with their reports, newest first") { owner, fileSet, limit };
        activity.SetGuardedAction(context, async (ParseResult parse, SystemConnection connection, CancellationToken _) =>
        {
            var query = new ActivityQuery(parse.GetValue(fileSet), null, parse.GetValue(limit));
            var runs = parse.GetValue(owner) is { } user
                ? await connection.Client.GetGrain<IActivityLogGrain>(user).QueryAsync(query)
                : connection.Session.Role == CallerPrincipal.AdministratorRole
                    ? await EveryUsersActivityAsync(connection.Client, query)
                    : await connection.Client.GetGrain<IActivityLogGrain>(connection.Session.Name).QueryAsync(query);
            context.WriteTable(parse, runs,
                ("finished", r => r.FinishedAt), ("file set", r => r.FileSet), ("destination", r => r.Destination), ("reason", r => r.Reason),
                ("outcome", r => r.Outcome.ToString()), ("scanned", r => r.FilesScanned), ("copied", r => r.FilesCopied), ("deleted", r => r.FilesDeleted),
                ("bytes", r => r.BytesCopied), ("error", r => RunRecordText.Problem(r)));
            return 0;
        });
        return [jobs, retry, activity];
    }

    // The administrator's own log is empty (the administrator owns no file sets), so by default they see every user's.
    private static async Task<IReadOnlyList<RunRecord>> EveryUsersActivityAsync(IClusterClient client, ActivityQuery query)
    {
        var users = await SystemDirectory.GetUsersAsync(client);
        var logs = await Task.WhenAll(users.Select(u => client.GetGrain<IActivityLogGrain>(u).QueryAsync(query)));
        return [.. logs.SelectMany(l => l).OrderByDescending(r => r.FinishedAt).Take(Math.Max(0, query.Limit))];
    }

    /// <summary>
    /// STATUS: workers (idle ones with <c>--all</c>), destinations and counts, from the monitors' cached tables.
    /// It is <c>sync status</c> because the top-level <c>status</c> is the silo's own (SystemModule).
    /// </summary>
    public static Command CreateStatusCommand(CliContext context)
    {
        var owner = new Option<string?>("--owner") { Description = "Only this user's workers (the administrator)" };
        var all = new Option<bool>("--all") { Description = "Also list idle workers" };
        var limit = new Option<int>("--limit") { Description = "At most this many rows", DefaultValueFactory = _ => 200 };
        var command = new Command("status", "STATUS: workers with state, progress and retries; destinations; counts; the HA role and readiness score") { owner, all, limit };
        command.SetGuardedAction(context, async (parse, client, _) =>
        {
            var report = await client.GetGrain<IStatusGrain>(RegistryKeys.System).GetStatusAsync(new StatusQuery(parse.GetValue(owner), parse.GetValue(all), parse.GetValue(limit)));
            context.WriteTable(parse, [report],
                ("shards", r => r.Shards), ("workers", r => r.Counts.Total), ("idle", r => r.Counts.Idle), ("running", r => r.Counts.Running),
                ("waiting", r => r.Counts.Waiting), ("failed", r => r.Counts.Failed), ("needs operator", r => r.Counts.NeedsOperator), ("file sets", r => r.FileSetCount), ("queued", r => r.Queue.Count),
                ("role", r => r.Role is null ? null : RoleText.Role(r.Role)), ("readiness", r => RoleText.Score(r.Readiness)));
            context.WriteTable(parse, report.Workers,
                ("worker", w => w.WorkerKey), ("state", w => w.State.ToString()), ("file sets", w => w.FileSets.Count), ("running", w => w.Running),
                ("progress", w => w.Progress is { } p ? $"{p.FilesDone}/{p.FilesTotal} files, {p.BytesDone}/{p.BytesTotal} bytes" : null),
                ("failures", w => w.Failures), ("next retry", w => w.NextRetryAt), ("last run", w => w.LastRunAt), ("last error", w => w.LastError));
            if (report.Destinations.Count > 0)
            {
                context.WriteTable(parse, report.Destinations,
                    ("destination", d => d.Name), ("transport", d => d.Transport.ToString().ToLowerInvariant()), ("sync", d => d.SyncEnabled ? "enabled" : "disabled"),
                    ("available", d => d.Available), ("last probe", d => d.LastProbeAt));
            }

            return 0;
        });
        return command;
    }
}
