using System.CommandLine;
using OrleansHa.Client.Cli;
using OrleansHa.Roles;
using Spectre.Console;

namespace OrleansHa.Client.Commands;

/// <summary><c>role switch-over|failover|switch-back</c>: the long calls, with a progress display fed by polling the group grain.</summary>
public sealed partial class RoleCommands
{
    /// <summary>How often the progress display asks the group grain how far the role change is.</summary>
    internal static readonly TimeSpan ProgressPollInterval = TimeSpan.FromMilliseconds(250);

    private static Command Swap(CliContext context, RoleOperation operation)
    {
        var description = operation switch
        {
            RoleOperation.SwitchOver => "Planned switch-over, on production: refuse writes, drain every journal to the backup, a final run of every file set, flip the roles under a new epoch, replicate back (refused with the readiness items that fail)",
            RoleOperation.Failover => "Unplanned failover, on the backup: become production under a new epoch while production is unreachable (refused while it answers: switch over then)",
            _ => "After a failover, on production: the returned former production becomes the backup, its unshipped entries listed as divergence, catches up and resynchronises its files incrementally",
        };
        var command = new Command(RoleText.Command(operation), description + "; exit code 1 when refused or failed") { DryRunOption };
        command.SetGuardedAction(context, async (parse, client, ct) =>
        {
            var group = client.GetGrain<IHaGroupGrain>(HaGroups.Default);
            var dryRun = parse.GetValue(DryRunOption);
            var call = operation switch
            {
                RoleOperation.SwitchOver => group.SwitchOverAsync(dryRun),
                RoleOperation.Failover => group.FailoverAsync(dryRun),
                _ => group.SwitchBackAsync(dryRun),
            };
            // With --json standard output carries the document alone; a dry run changes nothing and is quick.
            var report = context.Json(parse) || dryRun ? await call : await WithProgressAsync(context, group, operation, call, ct);
            WriteReport(context, parse, report);
            if (report.Succeeded)
            {
                return 0;
            }

            await context.Error.WriteLineAsync($"orleansha: {report.Error ?? $"the {RoleText.Command(operation)} was refused; the steps and items above say why."}");
            return 1;
        });
        return command;
    }

    /// <summary>
    /// Waits for <paramref name="call"/>, showing the step, the journal entries the backup has yet to apply and the file
    /// set runs done, from the progress the group grain keeps while the change runs (its status answers meanwhile).
    /// </summary>
    private static async Task<RoleSwapReport> WithProgressAsync(CliContext context, IHaGroupGrain group, RoleOperation operation, Task<RoleSwapReport> call, CancellationToken ct)
    {
        await context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async display =>
            {
                var step = display.AddTask(Markup.Escape($"{RoleText.Command(operation)}: starting"), maxValue: 1).IsIndeterminate();
                ProgressTask? drain = null, runs = null;
                while (!call.IsCompleted)
                {
                    await Task.WhenAny(call, Task.Delay(ProgressPollInterval, ct));
                    ct.ThrowIfCancellationRequested();
                    if (call.IsCompleted || await ProgressAsync(group) is not { } progress)
                    {
                        continue;
                    }

                    Describe(step, $"{RoleText.Command(operation)}: {progress.Step}");
                    if (progress.EntriesToDrain > 0 || progress.EntriesBehind > 0)
                    {
                        drain ??= display.AddTask("journal entries applied on the backup");
                        drain.MaxValue = Math.Max(1, Math.Max(progress.EntriesToDrain, progress.EntriesBehind));
                        drain.Value = drain.MaxValue - progress.EntriesBehind;
                    }

                    if (progress.FileSetsTotal > 0)
                    {
                        runs ??= display.AddTask("file set runs");
                        runs.MaxValue = progress.FileSetsTotal;
                        runs.Value = progress.FileSetsTotal - progress.FileSetsRemaining;
                    }
                }

                foreach (var task in new[] { step, drain, runs }.OfType<ProgressTask>())
                {
                    task.IsIndeterminate = false;
                    task.Value = task.MaxValue;
                    task.StopTask();
                }

                Describe(step, $"{RoleText.Command(operation)}: {(call.IsCompletedSuccessfully && call.Result.Succeeded ? "done" : "ended")}");
            });
        return await call;
    }

    private static async Task<RoleSwapProgress?> ProgressAsync(IHaGroupGrain group)
    {
        try
        {
            return (await group.GetStatusAsync()).Progress;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The display goes without this update; the call itself says how the change went.
            return null;
        }
    }

    private static void Describe(ProgressTask task, string text)
    {
        var escaped = Markup.Escape(text);
        if (task.Description != escaped)
        {
            task.Description = escaped;
        }
    }
}
