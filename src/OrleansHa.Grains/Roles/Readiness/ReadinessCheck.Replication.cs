using OrleansHa.FileSets;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles.Readiness;

// Where replication to the backup stands, from production's side: each journal receiver's backlog and each file set's
// last successful run. Warnings only: a switch-over drains the journals and makes a final run of every file set.
public static partial class ReadinessCheck
{
    private static IEnumerable<ReadinessItem> BacklogItems(Sides sides)
    {
        var replicas = (sides.Backup?.Journals ?? [])
            .SelectMany(j => j.Replicas)
            .ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var journal in sides.Production.Journals.OrderBy(j => j.Name, StringComparer.Ordinal))
        {
            var receiver = journal.Status.Receivers.FirstOrDefault(r => r.SystemName == sides.BackupName);
            if (receiver is null)
            {
                continue;
            }

            var subject = $"{journal.Name} to {sides.BackupName}";
            var applied = replicas.TryGetValue($"{journal.Name}@{sides.ProductionName}", out var replica)
                ? $"; its replica {replica.Name} has applied up to {replica.LastApplied}"
                : string.Empty;
            var position = $"acknowledged {receiver.Acknowledged} of {journal.Status.LastSequence}{applied}";
            if (!receiver.Enabled)
            {
                yield return new ReadinessItem(ReadinessCategory.Backlog, subject, Ready: false,
                    $"replication of journal {journal.Name} to {sides.BackupName} is disabled ({receiver.Lag} entries behind, {position}): enable it (journal enable {journal.Name} --receiver {sides.BackupName}), or a switch-over's drain waits for it.",
                    Blocking: false);
            }
            else if (receiver.Lag > 0)
            {
                var error = receiver.LastError is null ? string.Empty : $"; last error: {receiver.LastError}";
                yield return new ReadinessItem(ReadinessCategory.Backlog, subject, Ready: false,
                    $"{receiver.Lag} entries of journal {journal.Name} not yet applied on {sides.BackupName} ({position}{error}): a switch-over drains them first.",
                    Blocking: false);
            }
            else
            {
                yield return new ReadinessItem(ReadinessCategory.Backlog, subject, Ready: true,
                    $"{sides.BackupName} has applied every entry of journal {journal.Name} ({position}).");
            }
        }
    }

    private static IEnumerable<ReadinessItem> LastRunItems(Sides sides, DateTimeOffset now)
    {
        var schedules = sides.Production.Settings.FileSets.ToDictionary(f => f.Definition.Key, f => f.Definition.Schedule, StringComparer.Ordinal);
        var runs = sides.Production.LastSuccesses
            .Where(s => sides.Forward.Contains(s.Destination))
            .OrderBy(s => s.FileSet, StringComparer.Ordinal)
            .ThenBy(s => s.Destination, StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var subject = $"{run.FileSet} to {run.Destination}";
            if (run.SucceededAt is not { } succeededAt)
            {
                yield return new ReadinessItem(ReadinessCategory.LastRun, subject, Ready: false,
                    $"file set {run.FileSet} has not yet run successfully to {run.Destination}: a switch-over's final run copies all of it; run it now (sync now {run.FileSet}) to shorten the switch-over.",
                    Blocking: false);
                continue;
            }

            var age = now - succeededAt;
            var ago = $"{succeededAt:u} ({Age(age)} ago)";
            if (StaleAfter(schedules.GetValueOrDefault(run.FileSet)) is { } stale && age > stale)
            {
                yield return new ReadinessItem(ReadinessCategory.LastRun, subject, Ready: false,
                    $"file set {run.FileSet} last ran successfully to {run.Destination} at {ago}, more than twice its schedule's interval: see why its runs fail or wait (status), or run it now.",
                    Blocking: false);
            }
            else
            {
                yield return new ReadinessItem(ReadinessCategory.LastRun, subject, Ready: true,
                    $"file set {run.FileSet} last ran successfully to {run.Destination} at {ago}.");
            }
        }
    }

    /// <summary>How old a file set's last success may be before it counts as old: two of its intervals; never for a manual schedule.</summary>
    private static TimeSpan? StaleAfter(string? schedule)
    {
        FileSetSchedule parsed;
        try
        {
            parsed = FileSetSchedule.Parse(schedule);
        }
        catch (InvalidDefinitionException)
        {
            // A stored schedule that no longer parses is reported on the file set itself; no age to judge by here.
            return null;
        }

        return parsed.Kind switch
        {
            ScheduleKind.Every => parsed.Interval * 2,
            ScheduleKind.Daily => TimeSpan.FromDays(2),
            _ => null,
        };
    }

    private static string Age(TimeSpan age)
    {
        var value = age.Duration();
        return value.TotalDays >= 1 ? $"{value.TotalDays:0.#} days"
            : value.TotalHours >= 1 ? $"{value.TotalHours:0.#} hours"
            : value.TotalMinutes >= 1 ? $"{value.TotalMinutes:0.#} minutes"
            : $"{value.TotalSeconds:0} seconds";
    }
}
