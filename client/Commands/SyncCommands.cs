using System.CommandLine;
using System.Diagnostics;
using OrleansHa.Client.Cli;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Status;
using OrleansHa.Workers;
using Spectre.Console;

namespace OrleansHa.Client.Commands;

/// <summary><c>sync now</c> (with a progress bar fed by polling the worker) and <c>sync status</c> (STATUS).</summary>
public sealed class SyncCommands : ICliModule
{
    /// <inheritdoc/>
    public IEnumerable<Command> CreateCommands(CliContext context)
    {
        var sync = new Command("sync", "Run file sets now and see what the monitor supervises");
        var name = MonitorCli.NameArgument("fileset", "The file set (name, or owner/name)");
        var destination = new Option<string?>("--destination") { Description = "Only to this destination" };
        var noWait = new Option<bool>("--no-wait") { Description = "Queue the run and return without waiting" };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Minutes to wait for the runs (they go on in the silo after)",
            DefaultValueFactory = _ => DefaultTimeoutMinutes,
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValue(timeout) <= 0)
            {
                result.AddError($"--timeout: {result.GetValue(timeout)} is not a number of minutes; allowed: 1 or more");
            }
        });
        var allowMassDelete = new Option<bool>("--allow-mass-delete")
        {
            Description = "Let this one run through the delete guard (it would delete more of the destination than the file set allows, or all of it); clears the worker's need for an operator",
        };
        var now = new Command("now", "Run a file set at once and show its progress") { name, destination, noWait, timeout, allowMassDelete };
        now.SetGuardedAction(context, async (parse, client, ct) =>
        {
            var key = MonitorCli.FileSetKey(context, parse, parse.GetValue(name)!);
            var status = client.GetGrain<IStatusGrain>(RegistryKeys.System);
            var fileSet = client.GetGrain<IFileSetGrain>(key);
            var tickets = await fileSet.QueueRunNowAsync(parse.GetValue(destination), parse.GetValue(allowMassDelete));
            if (parse.GetValue(noWait))
            {
                context.WriteTable(parse, tickets, ("queued on worker", t => t.WorkerKey), ("run", t => t.RunId), ("joined", t => t.Joined ? "already queued or running" : null));
                return 0;
            }

            var minutes = parse.GetValue(timeout);
            var results = await WaitWithProgressAsync(context, context.Json(parse), status, fileSet, key, tickets, TimeSpan.FromMinutes(minutes), ct);
            context.WriteTable(parse, results,
                ("worker", r => r.Worker), ("run", r => r.RunId), ("outcome", r => r.Run?.Outcome.ToString() ?? r.Note), ("copied", r => r.Run?.FilesCopied),
                ("deleted", r => r.Run?.FilesDeleted), ("bytes", r => r.Run?.BytesCopied),
                ("not sent", r => RunRecordText.Saved(r.Run)), ("error", r => RunRecordText.Problem(r.Run)));
            return results.All(r => r.Run?.Outcome is RunOutcome.Succeeded) ? 0 : 1;
        });
        sync.Subcommands.Add(now);
        sync.Subcommands.Add(StatusCommands.CreateStatusCommand(context));
        return [sync];
    }

    /// <summary>How long <c>sync now</c> waits for its runs unless told otherwise.</summary>
    public const int DefaultTimeoutMinutes = 60;

    /// <summary>
    /// Waits for each ticket's run by its id, with a progress bar per worker (none with --json, whose output is the
    /// JSON alone).
    /// </summary>
    private static async Task<List<(string Worker, string RunId, RunRecord? Run, string? Note)>> WaitWithProgressAsync(
        CliContext context, bool json, IStatusGrain status, IFileSetGrain fileSetGrain, string fileSet, IReadOnlyList<QueuedRunTicket> tickets, TimeSpan timeout, CancellationToken ct)
    {
        if (json)
        {
            return await WaitForRunsAsync(status, fileSetGrain, fileSet, tickets, timeout, (_, _, _) => { }, _ => { }, ct);
        }

        List<(string, string, RunRecord?, string?)> results = [];
        await context.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var tasks = tickets.ToDictionary(t => t.RunId, t => progress.AddTask(Markup.Escape(t.WorkerKey), maxValue: 1));
                results = await WaitForRunsAsync(status, fileSetGrain, fileSet, tickets, timeout,
                    (ticket, p, waiting) =>
                    {
                        var task = tasks[ticket.RunId];
                        if (p is not null)
                        {
                            task.MaxValue = Math.Max(1, p.BytesTotal > 0 ? p.BytesTotal : p.FilesTotal);
                            task.Value = p.BytesTotal > 0 ? p.BytesDone : p.FilesDone;
                        }

                        var description = Markup.Escape(waiting is null ? ticket.WorkerKey : $"{ticket.WorkerKey} (waiting: {waiting})");
                        if (task.Description != description)
                        {
                            task.Description = description;
                        }
                    },
                    ticket =>
                    {
                        var task = tasks[ticket.RunId];
                        task.Value = task.MaxValue;
                        task.StopTask();
                    },
                    ct);
            });
        return results;
    }

    /// <summary>
    /// Waits for each ticket's run by its id: it is pending while its worker has it queued or in flight, and ended when
    /// the worker's last run (or, once a later run took that place, the file set's last run there) carries the id. A
    /// run that is neither ended without a report (the file set was suspended, removed or moved, or its destination
    /// removed). Gives up after <paramref name="timeout"/>, saying so: the runs go on in the silo.
    /// </summary>
    private static async Task<List<(string Worker, string RunId, RunRecord? Run, string? Note)>> WaitForRunsAsync(
        IStatusGrain status, IFileSetGrain fileSetGrain, string fileSet, IReadOnlyList<QueuedRunTicket> tickets, TimeSpan timeout,
        Action<QueuedRunTicket, RunProgress?, string?> pendingUpdate, Action<QueuedRunTicket> ended, CancellationToken ct)
    {
        var results = new List<(string, string, RunRecord?, string?)>();
        var clock = Stopwatch.StartNew();
        var pending = tickets.ToList();
        while (pending.Count > 0)
        {
            foreach (var ticket in pending.ToList())
            {
                var snapshot = await status.GetWorkerAsync(ticket.WorkerKey);
                var running = snapshot.InFlightRunId == ticket.RunId;
                if (running || snapshot.Queue.Any(r => r.RunId == ticket.RunId))
                {
                    pendingUpdate(ticket, running && snapshot.Progress?.FileSet == fileSet ? snapshot.Progress : null, running ? null : snapshot.WaitingFor);
                    continue;
                }

                var record = snapshot.LastRun?.RunId == ticket.RunId ? snapshot.LastRun
                    : (await fileSetGrain.GetAsync())?.LastRuns.FirstOrDefault(r => r.RunId == ticket.RunId);
                ended(ticket);
                results.Add((ticket.WorkerKey, ticket.RunId, record, record is null
                    ? $"ended without a report: {fileSet} was suspended, removed or moved, or its destination was removed ('fileset show' and 'destination list' show which)"
                    : null));
                pending.Remove(ticket);
            }

            if (pending.Count > 0 && clock.Elapsed >= timeout)
            {
                foreach (var ticket in pending)
                {
                    results.Add((ticket.WorkerKey, ticket.RunId, null,
                        $"not ended after {timeout.TotalMinutes:0} minute(s); it goes on in the silo: 'sync status' shows it, 'activity' its report when it ends (or wait longer with --timeout)"));
                }

                break;
            }

            if (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }

        return results;
    }
}
