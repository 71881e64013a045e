using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;

namespace OrleansHa.Storage;

/// <summary>
/// One SQLite database file (WAL mode) shared by <see cref="SqliteGrainStorage"/> and <see cref="SqliteReminderTable"/>.
/// All writes go to one writer thread, which takes every pending write into one transaction, so concurrent writers
/// share one commit (one fsync); each caller completes only after that commit is durable. Reads use their own
/// connections, which WAL lets run beside the writer.
/// </summary>
/// <remarks>
/// ETags are versions from one counter for the whole file, so a record deleted and written again never reuses an
/// ETag a grain may still hold. The file is meant for one process (one silo) at a time.
/// </remarks>
public sealed partial class SqliteDatabase : IDisposable
{
    private const int MaxPooledReaders = 64;

    private readonly Channel<SqliteWriteOperation> _queue =
        Channel.CreateUnbounded<SqliteWriteOperation>(new UnboundedChannelOptions { SingleReader = true });

    private readonly SqliteStorageOptions _options;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly SqliteWriterSession _writer;
    private readonly Thread _writerThread;
    private readonly System.Collections.Concurrent.ConcurrentBag<SqliteReadConnection> _readers = [];
    private readonly ManualResetEventSlim _writerGate = new(initialState: true);
    private int _pooledReaders;
    private long _batchesCommitted;
    private volatile bool _disposed;

    static SqliteDatabase() => SQLitePCL.Batteries_V2.Init();

    /// <summary>Opens (or creates) the database file, prepares its tables and starts the writer.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    /// <exception cref="OrleansException">The file cannot be opened or prepared; the message says what to check.</exception>
    public SqliteDatabase(SqliteStorageOptions options, ILogger<SqliteDatabase>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        FilePath = options.FilePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();

        try
        {
            Directory.CreateDirectory(options.DataDirectory);
            _writer = new SqliteWriterSession(OpenConnection(), options.Durable);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new OrleansException(
                $"Cannot open the SQLite database '{FilePath}': {ex.Message} Check that SqliteStorageOptions.DataDirectory exists or can be created, is writable, and that the file is a SQLite database.",
                ex);
        }

        _writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "OrleansHa SQLite writer" };
        _writerThread.Start();
        LogOpened(_logger, FilePath, options.Durable ? "FULL" : "NORMAL");
    }

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>The writer's <c>synchronous</c> level as SQLite reports it (2 = FULL, 1 = NORMAL).</summary>
    internal long SynchronousLevel => _writer.Synchronous;

    /// <summary>How many group commits have succeeded since the file was opened.</summary>
    public long BatchesCommitted => Interlocked.Read(ref _batchesCommitted);

    /// <summary>Stops taking writes, finishes the ones queued, and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.Writer.TryComplete();
        _writerGate.Set();
        _writerThread.Join();
        _writerGate.Dispose();
        _writer.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    /// <summary>Queues a write for the next group commit; the task completes once that commit is durable.</summary>
    internal Task<TResult> EnqueueAsync<TResult>(SqliteWriteOperation<TResult> operation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(SqliteDatabase), $"The SQLite database '{FilePath}' is closed.");
        }

        return operation.Task;
    }

    /// <summary>Runs a read on a pooled read connection.</summary>
    internal TResult Read<TResult>(Func<SqliteReadConnection, TResult> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_readers.TryTake(out var reader))
        {
            reader = new SqliteReadConnection(OpenConnection());
        }
        else
        {
            Interlocked.Decrement(ref _pooledReaders);
        }

        try
        {
            return read(reader);
        }
        catch
        {
            // A connection that failed mid-read may hold a half-stepped statement: do not reuse it.
            reader.Dispose();
            throw;
        }
        finally
        {
            ReturnReader(reader);
        }
    }

    private void ReturnReader(SqliteReadConnection reader)
    {
        if (reader.IsDisposed)
        {
            return;
        }

        if (_disposed || Interlocked.Increment(ref _pooledReaders) > MaxPooledReaders)
        {
            if (!_disposed)
            {
                Interlocked.Decrement(ref _pooledReaders);
            }

            reader.Dispose();
            return;
        }

        _readers.Add(reader);
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            pragma.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(int)_options.BusyTimeout.TotalMilliseconds};");
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "SQLite storage opened {FilePath} (WAL, synchronous={Synchronous})")]
    private static partial void LogOpened(ILogger logger, string filePath, string synchronous);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "SQLite group commit of {Count} write(s) to {FilePath} failed")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int count, string filePath);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "SQLite transaction on {FilePath} was rolled back by a failing write; retrying the other {Count} write(s)")]
    private static partial void LogBatchRetried(ILogger logger, string filePath, int count);
}
