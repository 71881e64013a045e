using Microsoft.Extensions.Logging;

namespace OrleansHa.Storage;

/// <summary>
/// One user's hold on a SQLite database file (WAL mode): grain state and reminders, or journals. The file itself is open once
/// per process, whoever opens it: every hold on the same path shares one writer thread, which takes every pending
/// write into one transaction (one fsync); each caller completes only after that commit is durable. Disposing the
/// last hold finishes the queued writes and closes the file.
/// </summary>
/// <remarks>
/// ETags are versions from one counter for the whole file, so a record deleted and written again never reuses an
/// ETag a grain may still hold. The file is meant for one process at a time.
/// </remarks>
public sealed class SqliteDatabase : IDisposable
{
    private int _disposed;

    internal SqliteDatabase(SqliteDatabaseFile file) => File = file;

    /// <summary>The full path of the database file.</summary>
    public string FilePath => File.FilePath;

    /// <summary>How many group commits have succeeded since the file was opened (by any of its users).</summary>
    public long BatchesCommitted => File.BatchesCommitted;

    /// <summary>The open file this hold shares with the process's other users of the same path.</summary>
    internal SqliteDatabaseFile File { get; }

    /// <summary>The writer's <c>synchronous</c> level as SQLite reports it (2 = FULL, 1 = NORMAL).</summary>
    internal long SynchronousLevel => File.SynchronousLevel;

    /// <summary>Opens the grain-storage and reminder file <paramref name="options"/> names, or joins it when already open in this process.</summary>
    /// <exception cref="ArgumentException">A setting is invalid, or the file is open with other settings; the message names it.</exception>
    /// <exception cref="OrleansException">The file cannot be opened or prepared; the message says what to check.</exception>
    public static SqliteDatabase Open(SqliteStorageOptions options, ILoggerFactory? loggerFactory = null)
        => SqliteDatabaseFiles.Acquire(options, () => new SqliteStorageSchema(), typeof(SqliteStorageSchema), loggerFactory);

    /// <summary>Gives up this hold; the last hold on the file finishes its queued writes and closes it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            SqliteDatabaseFiles.Release(File);
        }
    }

    /// <summary>Queues a write for the next group commit; the task completes once that commit is durable.</summary>
    internal Task<TResult> EnqueueAsync<TResult>(SqliteWriteOperation<TResult> operation)
    {
        ThrowIfDisposed();
        return File.EnqueueAsync(operation);
    }

    /// <summary>Runs a read on a pooled read connection.</summary>
    internal TResult Read<TResult>(Func<SqliteReadConnection, TResult> read)
    {
        ThrowIfDisposed();
        return File.Read(read);
    }

    /// <summary>Holds the writer before it takes its next batch, so a test can queue writes into one batch.</summary>
    internal IDisposable PauseWriter() => File.PauseWriter();

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(SqliteDatabase), $"This hold on the SQLite database '{FilePath}' was disposed; open the database again.");
        }
    }
}
