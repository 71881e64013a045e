
using System.Globalization;

namespace OrleansHa.Storage;

/// <summary>Argument checks and time handling shared by the reminder tables.</summary>
internal static class ReminderArguments
{
    public static void CheckKey(GrainId grainId, string reminderName)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The reminder's grain id is the default (empty) id: pass the grain's own id.", nameof(grainId));
        }

        if (string.IsNullOrEmpty(reminderName))
        {
            throw new ArgumentException("The reminder name is empty: reminders need a non-empty name, unique per grain.", nameof(reminderName));
        }
    }

    /// <summary>Refuses a reminder Orleans' reminder service could not schedule: a period that is not positive.</summary>
    public static void CheckSchedule(ReminderEntry entry)
    {
        if (ScheduleProblem(entry) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(entry), $"Reminder '{entry.ReminderName}' of grain '{entry.GrainId}' was not stored: {problem}.");
        }
    }

    /// <summary>Why Orleans' reminder service could not schedule <paramref name="entry"/>, or null if it can.</summary>
    public static string? ScheduleProblem(ReminderEntry entry)
        => entry.Period <= TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"its period {entry.Period} is not positive; a reminder needs a period of more than zero")
            : null;

    // Unspecified times are taken as UTC (the runtime works in UTC); local times are converted.
    public static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
}
