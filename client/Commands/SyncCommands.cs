using System.CommandLine;
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
        var now = new Command("now", "Run a file set at once and show its progress") { name, destination, noWait };
        now.SetGuardedAction(context, async (parse, client, ct) =>
        {
            var key = MonitorCli.FileSetKey(context, parse, parse.GetValue(name)!);
            var status = client.GetGrain<IStatusGrain>(RegistryKeys.System);
            var workers = await client.GetGrain<IFileSetGrain>(key).SyncNowAsync(parse.GetValue(destination));
            if (parse.GetValue(noWait))
            {
                context.WriteTable(parse, workers, ("queued on worker", w => w));
                return 0;
            }

            var started = DateTimeOffset.UtcNow;
            var results = await WaitWithProgressAsync(context, status, key, workers, ct);
            context.WriteTable(parse, results,
                ("worker", r => r.Worker), ("outcome", r => r.Run?.Outcome.ToString() ?? r.Note), ("copied", r => r.Run?.FilesCopied),
                ("deleted", r => r.Run?.FilesDeleted), ("bytes", r => r.Run?.BytesCopied), ("error", r => RunRecordText.Problem(r.Run)));
            return results.All(r => r.Run?.Outcome is RunOutcome.Succeeded) ? 0 : 1;
        });
        sync.Subcommands.Add(now);
        sync.Subcommands.Add(StatusCommands.CreateStatusCommand(context));
        return [sync];
    }

    private static async Task<List<(string Worker, RunRecord? Run, string? Note)>> WaitWithProgressAsync(CliContext context, IStatusGrain status, string fileSet, IReadOnlyList<string> workers, CancellationToken ct)
    {
        var before = new Dictionary<string, RunRecord?>();
        foreach (var worker in workers)
        {
            before[worker] = (await status.GetWorkerAsync(worker)).LastRun;
        }

        var results = new List<(string, RunRecord?, string?)>();
        await context.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var tasks = workers.ToDictionary(w => w, w => progress.AddTask(Markup.Escape(w), maxValue: 1));
                var pending = workers.ToHashSet(StringComparer.Ordinal);
                while (pending.Count > 0)
                {
                    foreach (var worker in pending.ToList())
                    {
                        var snapshot = await status.GetWorkerAsync(worker);
                        var task = tasks[worker];
                        if (snapshot.Progress is { FileSet: var running } p && running == fileSet)
                        {
                            task.MaxValue = Math.Max(1, p.BytesTotal > 0 ? p.BytesTotal : p.FilesTotal);
                            task.Value = p.BytesTotal > 0 ? p.BytesDone : p.FilesDone;
                        }

                        var finished = snapshot.LastRun is { } last && last.FileSet == fileSet && !Equals(last, before[worker]);
                        if (finished)
                        {
                            task.Value = task.MaxValue;
                            task.StopTask();
                            results.Add((worker, snapshot.LastRun, null));
                            pending.Remove(worker);
                        }
                        else if (snapshot.State == WorkerState.WaitingForDestination)
                        {
                            task.Description = Markup.Escape($"{worker} (waiting for the destination)");
                        }
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
                }
            });
        return results.ConvertAll(r => (r.Item1, r.Item2, r.Item3));
    }
}
