namespace Orleans.Hosting;

/// <summary>Reminder service options.</summary>
public sealed class ReminderOptions
{
    /// <summary>The smallest period a reminder may have. Default: 1 minute (lower it only in tests).</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the reminder list is refreshed from the table (a single silo owns every reminder, so it reads at start). Default: 5 minutes.</summary>
    public TimeSpan RefreshReminderListPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the reminder service may take to load its reminders at start. Default: 5 minutes.</summary>
    public TimeSpan InitializationTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
