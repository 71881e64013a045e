
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

    // Unspecified times are taken as UTC (the runtime works in UTC); local times are converted.
    public static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
}
