using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Storage;
using SQLitePCL;

namespace OrleansHa.Journals;

/// <summary>
/// <see cref="IJournalStore"/> on one SQLite file (WAL, synchronous=FULL) in the silo's data folder, written through
/// Storage's writer, the one that also serves grain state and reminders: the file is open once per process, and every
/// write joins the next group commit in a savepoint of its own, so concurrent appends share an fsync, a write that
/// throws fails alone, and a write's task completes only after the commit is durable. Two stores on one file (two silos
/// of one process) share that writer and the journal schema's counters. Reads use pooled read connections and see
/// committed data only; each read waits at most about <see cref="JournalStoreOptions.BusyTimeout"/> for a lock (the
/// busy timeout, then the command timeout, see <see cref="SqliteReadConnection"/>) and then fails naming the file.
/// </summary>
public sealed partial class SqliteJournalStore : IJournalStore, IDisposable
{
    private readonly JournalStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly SqliteDatabase _database;
    private readonly SqliteJournalSchema _schema;
    private readonly ITimer _pruner;
    private int _disposed;

    /// <summary>Opens (creating or migrating when needed) the database, or joins it when this process has it open.</summary>
    /// <exception cref="ArgumentException">A setting is invalid, or the file is open with other settings; the message names it.</exception>
    /// <exception cref="OrleansException">The file cannot be opened or prepared; the message says what to check.</exception>
    public SqliteJournalStore(IOptions<JournalStoreOptions> options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _time = time;
        var checkpointInterval = _options.CheckpointInterval;
        _database = SqliteDatabaseFiles.Acquire(
            _options.ToStorageOptions(),
            () => new SqliteJournalSchema(time, checkpointInterval),
            typeof(SqliteJournalSchema),
            loggerFactory);
        _schema = (SqliteJournalSchema)_database.File.Schema;
        _pruner = _time.CreateTimer(_ => LastPrune = PruneAndRescheduleAsync(), null, _options.PruneInterval, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _database.FilePath;

    /// <summary>Stops the pruner and gives up this store's hold on the file; the last hold finishes the queued writes and closes it.</summary>
    public void Dispose()
    {
        // The container may dispose it twice (as itself and as IJournalStore).
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _pruner.Dispose();
        _database.Dispose();
    }

    private long Now => _time.GetUtcNow().UtcTicks;

    /// <summary>Queues a write for the file's writer; completes once its group commit is durable.</summary>
    private Task<T> WriteAsync<T>(string what, Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _database.EnqueueAsync(new SqliteJournalWrite<T>(_schema, what, work));
    }

    /// <summary>Runs a read on a pooled read connection; a failing read names the file and what to check.</summary>
    private T Read<T>(string what, Func<SqliteReadConnection, T> read)
    {
        try
        {
            return _database.Read(read);
        }
        catch (SqliteException ex)
        {
            var busy = ex.SqliteErrorCode is raw.SQLITE_BUSY or raw.SQLITE_LOCKED;
            throw new OrleansException(
                busy
                    ? $"The journal store could not {what}: '{DatabasePath}' stayed locked by another connection for longer than {_options.BusyTimeout} ({ex.Message}). Nothing was read; retry, and check that no other process holds the file."
                    : $"The journal store could not {what} from '{DatabasePath}': {ex.Message} Check that the file is readable and not damaged.",
                ex);
        }
    }

    /// <summary>A cached prepared read command with parameters $0, $1, ... bound to <paramref name="values"/> (null as NULL).</summary>
    private static SqliteCommand Q(SqliteReadConnection connection, string sql, params object?[] values)
    {
        var names = new string[values.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = "$" + i.ToString(CultureInfo.InvariantCulture);
        }

        var command = connection.Command(sql, names);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    /// <summary>A cached prepared command on the writer connection (writer thread only); parameters $0, $1, ...</summary>
    private SqliteCommand W(string sql, params object?[] values) => _schema.Session.Positional(sql, values);

    /// <summary>A cached raw prepared statement on the writer connection, for the per-entry hot paths; parameters ?1, ?2, ...</summary>
    private RawStatement R(string sql) => _schema.Raw(sql);

    /// <summary>The id of a scope, created on the writer thread when missing.</summary>
    private long ScopeIdForWrite(string name) => _schema.ScopeIdForWrite(name);

    /// <summary>The id of a scope for reading, or null when it does not exist yet.</summary>
    private long? ScopeIdForRead(SqliteReadConnection connection, string name)
    {
        if (_schema.ScopeIds.TryGetValue(name, out var id))
        {
            return id;
        }

        if (Q(connection, "SELECT id FROM scopes WHERE name = $0", name).ExecuteScalar() is long found)
        {
            _schema.ScopeIds.TryAdd(name, found);
            return found;
        }

        return null;
    }
}
