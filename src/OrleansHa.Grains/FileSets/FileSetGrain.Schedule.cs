using Microsoft.Extensions.Logging;
using OrleansHa.FileSets;

namespace OrleansHa.Grains.FileSets;

/// <summary>The file set's schedule: its reminder, and what happens to a stored schedule that cannot be applied.</summary>
public sealed partial class FileSetGrain
{
    private async Task ApplyScheduleAsync()
    {
        var definition = state.State.Definition;
        var schedule = definition is null ? FileSetSchedule.Manual : StoredSchedule(definition);
        if (schedule is null)
        {
            await MarkUnschedulableAsync(definition!);
            schedule = FileSetSchedule.Manual;
        }

        var now = time.GetUtcNow();
        var next = schedule.NextAfter(now, options.Value.ResolveTimeZone());
        if (next is null)
        {
            var existing = await this.GetReminder(ScheduleReminder);
            if (existing is not null)
            {
                await this.UnregisterReminder(existing);
            }

            return;
        }

        var period = schedule.Kind == ScheduleKind.Daily ? TimeSpan.FromDays(1) : schedule.Interval;
        await this.RegisterOrUpdateReminder(ScheduleReminder, next.Value - now, period);
    }

    /// <summary>
    /// The stored definition's schedule, or null when it cannot be applied: a definition stored before its range was
    /// checked (or written to storage by hand) must not fail every call, reminder tick or start that touches it.
    /// </summary>
    private static FileSetSchedule? StoredSchedule(FileSetDefinition definition)
    {
        try
        {
            return FileSetSchedule.Parse(definition.Schedule);
        }
        catch (InvalidDefinitionException)
        {
            return null;
        }
    }

    /// <summary>Marks the file set failed for a stored schedule that cannot be applied (once), and logs it.</summary>
    private async Task MarkUnschedulableAsync(FileSetDefinition definition)
    {
        string problem;
        try
        {
            _ = FileSetSchedule.Parse(definition.Schedule);
            return;
        }
        catch (InvalidDefinitionException e)
        {
            problem = $"its stored schedule cannot be applied ({e.Message}); it runs only on 'sync now' until 'fileset update' gives it a valid schedule";
        }

        if (state.State.Problem == problem)
        {
            return;
        }

        state.State.Problem = problem;
        await state.WriteStateAsync();
        LogUnschedulable(logger, Key, problem);
    }

    [LoggerMessage(EventId = 5055, Level = LogLevel.Warning, Message = "File set {FileSet} marked failed: {Problem}")]
    private static partial void LogUnschedulable(ILogger logger, string fileSet, string problem);
}
