namespace OrleansHa.Grains.Journals;

/// <summary>How local journals ship and what appends they take. Bound by the silo from section <c>Journals</c>.</summary>
public sealed class JournalOptions
{
    /// <summary>This system's name (e.g. PROD); receivers hold its journals as <c>name@SystemName</c>. Default <c>LOCAL</c>.</summary>
    public string SystemName { get; set; } = "LOCAL";

    /// <summary>At most this many entries per batch sent to a receiver. Default 10,000.</summary>
    public int ShipBatchSize { get; set; } = 10_000;

    /// <summary>How often an active journal looks for work when nothing wakes it; an append ships at once. Default 1 s.</summary>
    public TimeSpan ShipInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait before resending after a failed send; doubles on each failure in a row. Default 2 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between resends. Default 1 minute.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many changes in one append. Default 10,000.</summary>
    public int MaxAppendBatch { get; set; } = 10_000;

    /// <summary>The period of the reminder that wakes a journal with unacknowledged entries after a restart. Default 1 minute (Orleans' minimum).</summary>
    public TimeSpan ResumeReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is wrong.</summary>
    public void Validate()
    {
        if (!JournalNames.IsValidSystemName(SystemName))
        {
            throw new ArgumentException($"Journals:{nameof(SystemName)} must be 1 to 64 letters, digits, '-' or '_'; it is '{SystemName}'.");
        }

        if (ShipBatchSize is < 1 or > 100_000)
        {
            throw new ArgumentException($"Journals:{nameof(ShipBatchSize)} must be 1 to 100,000; it is {ShipBatchSize}.");
        }

        if (MaxAppendBatch is < 1 or > 100_000)
        {
            throw new ArgumentException($"Journals:{nameof(MaxAppendBatch)} must be 1 to 100,000; it is {MaxAppendBatch}.");
        }

        if (ShipInterval <= TimeSpan.Zero || RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            throw new ArgumentException($"Journals: {nameof(ShipInterval)} and {nameof(RetryDelay)} must be positive and {nameof(MaxRetryDelay)} at least {nameof(RetryDelay)}.");
        }

        if (ResumeReminderPeriod < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"Journals:{nameof(ResumeReminderPeriod)} must be at least 1 minute (the reminder minimum); it is {ResumeReminderPeriod}.");
        }
    }
}
