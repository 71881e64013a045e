using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OrleansHa.Grains.Journals;

/// <summary>
/// <see cref="IJournalStore"/> on one SQLite database (WAL, synchronous=FULL) in the silo's data folder.
/// All writes go through one writer thread that owns the only write connection: it takes every write queued
/// meanwhile (up to <see cref="JournalStoreOptions.MaxGroupSize"/>), runs each in its own savepoint of one
/// transaction, and commits once, so concurrent appends share an fsync (group commit). A write's task completes
/// only after that commit. A write that throws is rolled back to its savepoint alone and fails alone.
/// Reads use pooled connections of their own and see committed data only.
/// </summary>
public sealed partial class SqliteJournalStore : IJournalStore, IDisposable
{
    private readonly JournalStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string _connectionString;
    private readonly BlockingCollection<WriteItem> _queue = new();
    private readonly Thread _writer;
    private readonly SqliteConnection _writeConnection;
    private readonly Dictionary<string, SqliteCommand> _writeCommands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawStatement> _rawStatements = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _scopeIds = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, long>> _pendingScopes = [];
    private SqliteTransaction? _transaction;
    private int _disposed;
    private int _checkpointing;
    private readonly SqliteConnection _checkpointConnection;
    private readonly ITimer _checkpointer;
    private readonly ITimer _pruner;
    private long _historyId;
    private long _historyIdSaved;

    /// <summary>Opens (creating when missing) the database and starts the writer thread.</summary>
    public SqliteJournalStore(IOptions<JournalStoreOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _options.Validate();
        _time = time;
        SQLitePCL.Batteries_V2.Init();
        Directory.CreateDirectory(_options.DataDirectory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();

        _writeConnection = new SqliteConnection(_connectionString);
        _writeConnection.Open();
        ExecuteScript(_writeConnection, Schema);
        RequireDurableSettings();
        using (var last = _writeConnection.CreateCommand())
        {
            // History rows are appended in id order (a catch-up writes them at the end of the table, not all over it);
            // a small index finds a record's rows. Ids come from a counter rather than MAX(id) to keep start-up instant.
            // The counter is saved with each group's commit, so ids stay increasing across restarts.
            last.CommandText = "SELECT value FROM counters WHERE name = 'history'";
            _historyId = (long)last.ExecuteScalar()!;
        }

        _writer = new Thread(WriterLoop) { IsBackground = true, Name = "journal-store-writer" };
        _writer.Start();

        // Checkpoints (copying the WAL into the database file, with its own fsync) run beside the writer, not inside a
        // commit: SQLite's automatic checkpoint would stall whichever commit crosses the threshold, and every append
        // waiting on it. PASSIVE never blocks the writer or readers.
        _checkpointConnection = new SqliteConnection(_connectionString);
        _checkpointConnection.Open();
        _checkpointer = _time.CreateTimer(_ => Checkpoint(), null, _options.CheckpointInterval, _options.CheckpointInterval);
        _pruner = _time.CreateTimer(_ => LastPrune = PruneAndRescheduleAsync(), null, _options.PruneInterval, Timeout.InfiniteTimeSpan);
    }

    private void Checkpoint()
    {
        if (Interlocked.Exchange(ref _checkpointing, 1) == 1)
        {
            return;
        }

        try
        {
            using var command = _checkpointConnection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Busy or interrupted: the next tick tries again; the WAL only grows meanwhile.
        }
        finally
        {
            Interlocked.Exchange(ref _checkpointing, 0);
        }
    }

    /// <summary>Stops the writer after the queued writes and closes the database.</summary>
    public void Dispose()
    {
        // The container may dispose it twice (as itself and as IJournalStore).
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _checkpointer.Dispose();
        _pruner.Dispose();
        _queue.CompleteAdding();
        _writer.Join();
        while (Interlocked.CompareExchange(ref _checkpointing, 1, 0) == 1)
        {
            Thread.Sleep(1);
        }

        _checkpointConnection.Dispose();
        foreach (var command in _writeCommands.Values)
        {
            command.Dispose();
        }

        foreach (var statement in _rawStatements.Values)
        {
            statement.Dispose();
        }

        _writeConnection.Dispose();
        _queue.Dispose();
    }

    // Durability: WAL with synchronous=FULL fsyncs the log on every commit, so a commit that returned survives a
    // power cut; busy_timeout lets readers wait out a checkpoint instead of failing.
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA busy_timeout = 10000;
        PRAGMA cache_size = -131072;
        PRAGMA wal_autocheckpoint = 0;
        CREATE TABLE IF NOT EXISTS scopes (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, definition TEXT NULL,
            last_sequence INTEGER NOT NULL DEFAULT 0, filtered INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS entries (
            scope INTEGER NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, kind INTEGER NOT NULL, ts INTEGER NOT NULL, fields TEXT NULL,
            PRIMARY KEY (scope, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS acks (
            scope INTEGER NOT NULL, receiver TEXT NOT NULL, acked INTEGER NOT NULL, enabled INTEGER NOT NULL,
            rejected INTEGER NOT NULL DEFAULT 0, retries INTEGER NOT NULL DEFAULT 0, last_error TEXT NULL, last_shipped INTEGER NULL,
            PRIMARY KEY (scope, receiver)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS requests (
            scope INTEGER NOT NULL, request_id TEXT NOT NULL, result TEXT NOT NULL, at INTEGER NOT NULL,
            PRIMARY KEY (scope, request_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS records (
            scope INTEGER NOT NULL, key TEXT NOT NULL, fields TEXT NOT NULL, ts INTEGER NOT NULL,
            PRIMARY KEY (scope, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS history (
            id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, key TEXT NOT NULL, seq INTEGER NULL, kind INTEGER NOT NULL,
            ts INTEGER NOT NULL, fields TEXT NULL, outcome INTEGER NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS history_by_key ON history (scope, key, id);
        CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO counters (name, value) VALUES ('history', 0) ON CONFLICT DO NOTHING;
        CREATE TABLE IF NOT EXISTS marks (
            scope INTEGER NOT NULL, rule TEXT NOT NULL, key TEXT NOT NULL, day TEXT NOT NULL,
            PRIMARY KEY (scope, rule, key, day)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS remote_state (
            scope INTEGER PRIMARY KEY, last_applied INTEGER NOT NULL DEFAULT 0, applied INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0, rejected_puts INTEGER NOT NULL DEFAULT 0, rejected_deletes INTEGER NOT NULL DEFAULT 0,
            gaps INTEGER NOT NULL DEFAULT 0, last_received INTEGER NULL);
        CREATE TABLE IF NOT EXISTS activity (
            id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, at INTEGER NOT NULL, system TEXT NULL, key TEXT NULL,
            first_seq INTEGER NULL, last_seq INTEGER NULL, kind INTEGER NOT NULL, detail TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS activity_by_time ON activity (scope, at);
        CREATE INDEX IF NOT EXISTS activity_by_key ON activity (scope, key, at) WHERE key IS NOT NULL;
        """;

    /// <summary>"Answers only once durable" rests on these two settings; refuse to run without them.</summary>
    private void RequireDurableSettings()
    {
        using var command = _writeConnection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        var mode = command.ExecuteScalar() as string;
        command.CommandText = "PRAGMA synchronous";
        var synchronous = command.ExecuteScalar() as long?;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase) || synchronous != 2)
        {
            throw new InvalidOperationException(
                $"The journal database {_options.DatabasePath} runs with journal_mode={mode}, synchronous={synchronous}; it needs WAL and FULL (2). Is the file on a file system without shared-memory support?");
        }
    }

    private static void ExecuteScript(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Now => _time.GetUtcNow().UtcTicks;

    private SqliteConnection OpenRead()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>The id of a scope, created on the writer thread when missing.</summary>
    private long ScopeIdForWrite(string name)
    {
        if (_scopeIds.TryGetValue(name, out var id))
        {
            return id;
        }

        var created = W("INSERT INTO scopes (name) VALUES ($0) ON CONFLICT (name) DO NOTHING", name).ExecuteNonQuery() == 1;
        id = (long)W("SELECT id FROM scopes WHERE name = $0", name).ExecuteScalar()!;
        if (created)
        {
            _pendingScopes.Add(new(name, id));
        }
        else
        {
            _scopeIds.TryAdd(name, id);
        }

        return id;
    }

    /// <summary>The id of a scope for reading, or null when it does not exist yet.</summary>
    private long? ScopeIdForRead(SqliteConnection connection, string name)
    {
        if (_scopeIds.TryGetValue(name, out var id))
        {
            return id;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM scopes WHERE name = $0";
        command.Parameters.AddWithValue("$0", name);
        if (command.ExecuteScalar() is long found)
        {
            _scopeIds.TryAdd(name, found);
            return found;
        }

        return null;
    }
}
