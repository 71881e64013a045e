using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OrleansHa.Storage;

/// <summary>
/// One open SQLite database file (WAL mode), shared by every user in the process (see <see cref="SqliteDatabaseFiles"/>).
/// All writes go to one writer thread, which takes every pending write into one transaction, each write in its own
/// savepoint, so concurrent writers share one commit (one fsync) and a failing write fails alone; each caller
/// completes only after that commit is durable. Reads use their own pooled connections, which WAL lets run beside
/// the writer.
/// </summary>
internal sealed partial class SqliteDatabaseFile : IDisposable
{
    private const int MaxPooledReaders = 64;

    private readonly Channel<SqliteWriteOperation> _queue =
        Channel.CreateUnbounded<SqliteWriteOperation>(new UnboundedChannelOptions { SingleReader = true });

    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly SqliteWriterSession _writer;
    private readonly Thread _writerThread;
    private readonly ConcurrentBag<SqliteReadConnection> _readers = [];
    private readonly ManualResetEventSlim _writerGate = new(initialState: true);
    private readonly SqliteConnection? _checkpointConnection;
    private readonly ITimer? _checkpointer;
    private readonly Lock _checkpointLock = new();
    private int _pooledReaders;
    private long _batchesCommitted;
    private volatile bool _disposed;

    static SqliteDatabaseFile() => SQLitePCL.Batteries_V2.Init();

    /// <summary>Opens (or creates) the file, lets the schema prepare its tables and starts the writer.</summary>
    /// <exception cref="OrleansException">The file cannot be opened or prepared; the message says what to check.</exception>
    public SqliteDatabaseFile(SqliteStorageOptions options, SqliteFileSchema schema, ILogger logger)
    {
        options.Validate();
        Options = options;
        Schema = schema;
        _logger = logger;
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
            CreateOwnerOnly(options.DataDirectory, FilePath);
            _writer = new SqliteWriterSession(OpenConnection(), options.Durable, schema);
            if (schema.CheckpointInterval is { } interval)
            {
                // Checkpoints (copying the WAL into the database file, with its own fsync) run beside the writer, not
                // inside a commit: SQLite's automatic checkpoint would stall whichever commit crosses the threshold,
                // and every write waiting on it. PASSIVE never blocks the writer or readers.
                _checkpointConnection = OpenConnection();
                _checkpointer = schema.Time.CreateTimer(_ => Checkpoint(), null, interval, interval);
            }
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            _checkpointConnection?.Dispose();
            throw new OrleansException(
                $"Cannot open the SQLite database '{FilePath}' ({schema.Describe}): {ex.Message} Check that the data directory exists or can be created, is writable, and that the file is a SQLite database of this kind.",
                ex);
        }

        _writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "OrleansHa SQLite writer" };
        _writerThread.Start();
        LogOpened(_logger, FilePath, schema.Describe, options.Durable ? "FULL" : "NORMAL");
    }

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>The settings the file was opened with.</summary>
    public SqliteStorageOptions Options { get; }

    /// <summary>What the file holds.</summary>
    public SqliteFileSchema Schema { get; }

    /// <summary>The writer's <c>synchronous</c> level as SQLite reports it (2 = FULL, 1 = NORMAL).</summary>
    public long SynchronousLevel => _writer.Synchronous;

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
        _checkpointer?.Dispose();
        _queue.Writer.TryComplete();
        _writerGate.Set();
        _writerThread.Join();
        _writerGate.Dispose();
        lock (_checkpointLock)
        {
            // A checkpoint still running holds this lock; the connection closes after it.
            _checkpointConnection?.Dispose();
        }

        _writer.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        LogClosed(_logger, FilePath);
    }

    /// <summary>Queues a write for the next group commit; the task completes once that commit is durable.</summary>
    public Task<TResult> EnqueueAsync<TResult>(SqliteWriteOperation<TResult> operation)
    {
        if (_disposed || !_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(SqliteDatabase), $"The SQLite database '{FilePath}' is closed: it takes no more writes. Its last user was disposed; open it again.");
        }

        return operation.Task;
    }

    /// <summary>Runs a read on a pooled read connection.</summary>
    public TResult Read<TResult>(Func<SqliteReadConnection, TResult> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_readers.TryTake(out var reader))
        {
            reader = new SqliteReadConnection(OpenConnection(), ReadTimeoutSeconds);
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

    /// <summary>How long a read retries a busy statement: the busy timeout, at least a second (the unit Microsoft.Data.Sqlite takes).</summary>
    private int ReadTimeoutSeconds => Math.Max(1, (int)Math.Ceiling(Options.BusyTimeout.TotalSeconds));

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

    private void Checkpoint()
    {
        if (!_checkpointLock.TryEnter())
        {
            return; // the last one is still running
        }

        try
        {
            if (_disposed || _checkpointConnection is null)
            {
                return;
            }

            using var command = _checkpointConnection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
        }
        catch (SqliteException ex)
        {
            // Busy or interrupted: the next tick tries again; the WAL only grows meanwhile.
            LogCheckpointFailed(_logger, ex, FilePath);
        }
        finally
        {
            _checkpointLock.Exit();
        }
    }

    /// <summary>
    /// Creates the folder (0700) and an empty database file (0600) when missing, so the data is its owner's whatever
    /// the umask: SQLite gives the -wal and -shm files the database file's mode, and fills an empty file as a new
    /// database.
    /// </summary>
    private static void CreateOwnerOnly(string directory, string file)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (!File.Exists(file))
        {
            try
            {
                using var created = new FileStream(file, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (File.Exists(file))
            {
                // Created meanwhile by another opener; SQLite opens that one.
            }
        }
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
                $"PRAGMA busy_timeout = {(int)Options.BusyTimeout.TotalMilliseconds};");
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "SQLite database {FilePath} opened for {Contents} (WAL, synchronous={Synchronous})")]
    private static partial void LogOpened(ILogger logger, string filePath, string contents, string synchronous);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "SQLite group commit of {Count} write(s) to {FilePath} failed")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int count, string filePath);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "SQLite transaction on {FilePath} was rolled back by a failing write; retrying the other {Count} write(s)")]
    private static partial void LogBatchRetried(ILogger logger, string filePath, int count);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "SQLite database {FilePath} closed")]
    private static partial void LogClosed(ILogger logger, string filePath);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Passive checkpoint of {FilePath} did not run; the next tick tries again")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, string filePath);
}
