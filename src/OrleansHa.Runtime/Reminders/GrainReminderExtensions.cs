using Orleans.Runtime;
using OrleansHa.Runtime.Engine;

namespace Orleans;

/// <summary>Durable reminders for grains (call as <c>this.RegisterOrUpdateReminder(...)</c>).</summary>
public static class GrainReminderExtensions
{
    /// <summary>Registers a reminder, or replaces the one with the same name.</summary>
    /// <exception cref="InvalidOperationException">The grain does not implement <see cref="IRemindable"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative or infinite due time or period.</exception>
    /// <exception cref="ArgumentException">An empty name, or a period below the minimum.</exception>
    public static Task<IGrainReminder> RegisterOrUpdateReminder(this Grain grain, string reminderName, TimeSpan dueTime, TimeSpan period)
        => ((IGrainBase)grain).RegisterOrUpdateReminder(reminderName, dueTime, period);

    /// <summary>Registers a reminder, or replaces the one with the same name.</summary>
    /// <exception cref="InvalidOperationException">The grain does not implement <see cref="IRemindable"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative or infinite due time or period.</exception>
    /// <exception cref="ArgumentException">An empty name, or a period below the minimum.</exception>
    public static Task<IGrainReminder> RegisterOrUpdateReminder(this IGrainBase grain, string reminderName, TimeSpan dueTime, TimeSpan period)
        => ActivationData.Of(grain).Reminders(grain).RegisterOrUpdateReminder(ActivationData.Of(grain).GrainId, reminderName, dueTime, period);

    /// <summary>Removes a reminder.</summary>
    public static Task UnregisterReminder(this Grain grain, IGrainReminder reminder)
        => ((IGrainBase)grain).UnregisterReminder(reminder);

    /// <summary>Removes a reminder.</summary>
    public static Task UnregisterReminder(this IGrainBase grain, IGrainReminder reminder)
        => ActivationData.Of(grain).Reminders(grain).UnregisterReminder(ActivationData.Of(grain).GrainId, reminder);

    /// <summary>The reminder with this name, or null.</summary>
    public static Task<IGrainReminder?> GetReminder(this Grain grain, string reminderName)
        => ((IGrainBase)grain).GetReminder(reminderName);

    /// <summary>The reminder with this name, or null.</summary>
    public static Task<IGrainReminder?> GetReminder(this IGrainBase grain, string reminderName)
        => ActivationData.Of(grain).Reminders(grain).GetReminder(ActivationData.Of(grain).GrainId, reminderName);

    /// <summary>All reminders of this grain.</summary>
    public static Task<List<IGrainReminder>> GetReminders(this Grain grain)
        => ((IGrainBase)grain).GetReminders();

    /// <summary>All reminders of this grain.</summary>
    public static Task<List<IGrainReminder>> GetReminders(this IGrainBase grain)
        => ActivationData.Of(grain).Reminders(grain).GetReminders(ActivationData.Of(grain).GrainId);
}
