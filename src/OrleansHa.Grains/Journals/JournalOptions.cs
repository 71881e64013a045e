using OrleansHa.Journals;

namespace OrleansHa.Grains.Journals;

/// <summary>How local journals ship and what appends they take. Bound by the silo from section <c>Journals</c>.</summary>
public sealed class JournalOptions
{
    /// <summary>This system's name (e.g. PROD); receivers hold its journals as <c>name@SystemName</c>. Default <c>LOCAL</c>.</summary>
    public string SystemName { get; set; } = "LOCAL";

    /// <summary>At most this many entries per batch sent to a receiver. Default 10,000.</summary>
    public int ShipBatchSize { get; set; } = 10_000;

    /// <summary>
    /// At most this many bytes (<see cref="JournalEntrySize"/>) per batch sent to a receiver, whatever
    /// <see cref="ShipBatchSize"/> allows: a batch is one Orleans message, and Orleans refuses a message body over
    /// <c>MessagingOptions.MaxMessageBodySize</c> (100 MB by default), so a batch of large records sized by count
    /// alone could never be sent. Default 16 MiB (16,777,216), well under that limit; allowed 64 KiB to 64 MiB.
    /// </summary>
    public long MaxShipBatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The largest change an append takes (<see cref="JournalEntrySize"/>); a larger one is refused before anything is
    /// stored, since its entry could never be shipped. Default 16 MiB (16,777,216); allowed 1 KiB to
    /// <see cref="MaxShipBatchBytes"/>.
    /// </summary>
    public long MaxEntryBytes { get; set; } = 16 * 1024 * 1024;

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

        if (MaxShipBatchBytes is < 64 * 1024 or > 64 * 1024 * 1024)
        {
            throw new ArgumentException($"Journals:{nameof(MaxShipBatchBytes)} must be 65,536 to 67,108,864 bytes (64 KiB to 64 MiB, under Orleans' message size limit); it is {MaxShipBatchBytes:N0}.");
        }

        if (MaxEntryBytes < 1024 || MaxEntryBytes > MaxShipBatchBytes)
        {
            throw new ArgumentException($"Journals:{nameof(MaxEntryBytes)} must be 1,024 bytes to {nameof(MaxShipBatchBytes)} ({MaxShipBatchBytes:N0}), so that every entry fits a shipping batch; it is {MaxEntryBytes:N0}.");
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
