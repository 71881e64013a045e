namespace OrleansHa.Storage;

/// <summary>Settings of the SQLite grain storage and reminder table, which share one database file per silo.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>
    /// The folder holding the database file; created when missing. Required, no default
    /// (the silo passes its data folder).
    /// </summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>The database file's name inside <see cref="DataDirectory"/>. Default <c>orleansha.db</c>.</summary>
    public string FileName { get; set; } = "orleansha.db";

    /// <summary>
    /// Whether a write is acknowledged only once it is on disk. Default <c>true</c>: <c>synchronous=FULL</c>,
    /// so an acknowledged write survives a power loss as well as a process kill. <c>false</c> uses
    /// <c>synchronous=NORMAL</c>: faster, still safe against a process kill, but the last commits before a power
    /// loss or OS crash may be lost (the database stays consistent either way, thanks to WAL).
    /// </summary>
    public bool Durable { get; set; } = true;

    /// <summary>
    /// The most writes one group commit takes into one transaction (one fsync). Default 1000; allowed 1 to 100,000.
    /// </summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>How long a statement waits for a lock held by another connection. Default 5 seconds; at least 0.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The full path of the database file.</summary>
    public string FilePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));

    /// <summary>Checks the settings; throws <see cref="ArgumentException"/> naming the setting and what is allowed.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException(
                "SqliteStorageOptions.DataDirectory is required: set it to the folder that holds the database file (the silo's data folder).",
                nameof(DataDirectory));
        }

        if (string.IsNullOrWhiteSpace(FileName)
            || FileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            || FileName.Contains('/', StringComparison.Ordinal)
            || FileName.Contains('\\', StringComparison.Ordinal)
            || FileName is "." or "..")
        {
            throw new ArgumentException(
                $"SqliteStorageOptions.FileName '{FileName}' is not allowed: it must be a plain file name (no folders), e.g. 'orleansha.db'.",
                nameof(FileName));
        }

        if (MaxBatchSize is < 1 or > 100_000)
        {
            throw new ArgumentException(
                $"SqliteStorageOptions.MaxBatchSize {MaxBatchSize} is out of range: allowed 1 to 100,000.",
                nameof(MaxBatchSize));
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException(
                $"SqliteStorageOptions.BusyTimeout {BusyTimeout} is out of range: allowed 0 to {TimeSpan.FromMilliseconds(int.MaxValue)}.",
                nameof(BusyTimeout));
        }
    }
}
