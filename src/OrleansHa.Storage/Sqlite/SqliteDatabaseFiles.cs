using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansHa.Storage;

/// <summary>
/// The database files open in this process: one <see cref="SqliteDatabaseFile"/> (one writer) per path, counted by
/// its users and closed when the last one is disposed. Two silos of one in-process test cluster, or grain storage and
/// reminders naming the same path, so share one writer instead of two writers waiting on each other's locks.
/// </summary>
internal static class SqliteDatabaseFiles
{
    private static readonly Dictionary<string, Entry> Open = new(StringComparer.Ordinal);

    /// <summary>Opens the file for one more user (opening it when nobody has it open).</summary>
    /// <exception cref="ArgumentException">The file is open with other settings or for other contents.</exception>
    public static SqliteDatabase Acquire(SqliteStorageOptions options, Func<SqliteFileSchema> schema, Type schemaType, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var path = options.FilePath;
        lock (Open)
        {
            if (Open.TryGetValue(path, out var entry))
            {
                Check(entry.File, options, schemaType);
                entry.Users++;
                return new SqliteDatabase(entry.File);
            }

            var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteDatabase>();
            var file = new SqliteDatabaseFile(options, schema(), logger);
            Open.Add(path, new Entry(file) { Users = 1 });
            return new SqliteDatabase(file);
        }
    }

    /// <summary>Gives up one user's hold; the last one closes the file (after its queued writes).</summary>
    public static void Release(SqliteDatabaseFile file)
    {
        lock (Open)
        {
            if (!Open.TryGetValue(file.FilePath, out var entry) || !ReferenceEquals(entry.File, file))
            {
                return;
            }

            if (--entry.Users > 0)
            {
                return;
            }

            // Closed under the lock: whoever opens the path next waits, so two writers never hold one file.
            Open.Remove(file.FilePath);
            file.Dispose();
        }
    }

    /// <summary>How many users hold the file at <paramref name="path"/> (0 when it is closed).</summary>
    public static int Users(string path)
    {
        lock (Open)
        {
            return Open.TryGetValue(Path.GetFullPath(path), out var entry) ? entry.Users : 0;
        }
    }

    private static void Check(SqliteDatabaseFile open, SqliteStorageOptions options, Type schemaType)
    {
        if (open.Schema.GetType() != schemaType)
        {
            throw new ArgumentException(
                $"The SQLite file '{open.FilePath}' is already open for {open.Schema.Describe}; each kind of data needs its own file: give this one another FileName.");
        }

        var had = open.Options;
        if (had.Durable != options.Durable || had.MaxBatchSize != options.MaxBatchSize || had.BusyTimeout != options.BusyTimeout)
        {
            throw new ArgumentException(
                $"The SQLite file '{open.FilePath}' is opened twice with different settings (Durable {had.Durable} vs {options.Durable}, MaxBatchSize {had.MaxBatchSize} vs {options.MaxBatchSize}, BusyTimeout {had.BusyTimeout} vs {options.BusyTimeout}); everything sharing a file needs the same SqliteStorageOptions.");
        }
    }

    private sealed class Entry(SqliteDatabaseFile file)
    {
        public SqliteDatabaseFile File { get; } = file;

        public int Users { get; set; }
    }
}
