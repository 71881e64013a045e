using OrleansHa.Storage;

namespace OrleansHa.Journals;

/// <summary>Where and how the journal store keeps its database. Bound by the silo from section <c>Journals</c>.</summary>
public sealed class JournalStoreOptions
{
    /// <summary>The configuration section the silo binds.</summary>
    public const string SectionName = "Journals";

    /// <summary>The silo's data folder. Required; created when missing.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>The database file inside <see cref="DataDirectory"/>. Default <c>journals.db</c>.</summary>
    public string FileName { get; set; } = "journals.db";

    /// <summary>At most this many writes share one transaction and one fsync (group commit). Default 256; allowed 1 to 100,000.</summary>
    public int MaxGroupSize { get; set; } = 256;

    /// <summary>
    /// How long a read or write waits for a lock another connection holds on the file before it fails with an error
    /// naming the file (reads run on the caller's thread, so this bounds how long a read can hold up a grain). Default
    /// 10 seconds; allowed 0 to 1 hour.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an append's request id is remembered for retries. Default 1 day.</summary>
    public TimeSpan RequestIdRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the write-ahead log is copied into the database file, beside the writer. Default 1 s.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long record history and journal activity rows are kept. Default 30 days; at least one hour.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long once-a-day selection marks are kept (a mark matters only on its day). Default 7 days; at least 2 days.</summary>
    public TimeSpan MarkRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often history, activity, marks and request ids past their retention are deleted. Default 10 minutes.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, FileName);

    /// <summary>The settings of the file on Storage's writer: always durable (synchronous=FULL), batches of <see cref="MaxGroupSize"/>.</summary>
    internal SqliteStorageOptions ToStorageOptions() => new()
    {
        DataDirectory = DataDirectory,
        FileName = FileName,
        Durable = true,
        MaxBatchSize = MaxGroupSize,
        BusyTimeout = BusyTimeout,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException($"{SectionName}:{nameof(DataDirectory)} must name the silo's data folder.");
        }

        if (string.IsNullOrWhiteSpace(FileName) || FileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"{SectionName}:{nameof(FileName)} must be a plain file name; '{FileName}' is not.");
        }

        if (MaxGroupSize is < 1 or > 100_000)
        {
            throw new ArgumentException($"{SectionName}:{nameof(MaxGroupSize)} must be 1 to 100,000; it is {MaxGroupSize}.");
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{SectionName}:{nameof(BusyTimeout)} is {BusyTimeout}; allowed: 00:00:00 to 01:00:00.");
        }

        if (CheckpointInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{SectionName}:{nameof(CheckpointInterval)} must be positive; it is {CheckpointInterval}.");
        }

        JournalRetentionRules.Validate(SectionName, RequestIdRetention, HistoryRetention, MarkRetention, PruneInterval);
    }
}
