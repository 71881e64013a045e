using Microsoft.Data.Sqlite;
using Orleans.Runtime;

namespace OrleansHa.Storage;

/// <summary>
/// The writer connection and its prepared statements. Used only by the writer thread, so nothing here is locked.
/// </summary>
internal sealed class SqliteWriterSession : IDisposable
{
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _writeHighWater;
    private long _lastVersion;
    private bool _deletedInBatch;

    public SqliteWriterSession(SqliteConnection connection, bool durable)
    {
        Connection = connection;
        try
        {
            // WAL: readers run beside the writer, and a commit is one sequential append plus (FULL) one fsync.
            var mode = (string?)Scalar("PRAGMA journal_mode = WAL;");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new OrleansException($"SQLite refused WAL mode (journal_mode is '{mode}'); WAL needs a local file system that supports shared memory.");
            }

            Scalar(durable ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
            Synchronous = (long)Scalar("PRAGMA synchronous;")!;
            using (var create = Connection.CreateCommand())
            {
                create.CommandText = SqliteSchema.Create;
                create.ExecuteNonQuery();
            }

            var schema = (long)Scalar(SqliteSchema.ReadSchemaVersion)!;
            if (schema != SqliteSchema.Version)
            {
                throw new OrleansException($"The database has schema version {schema}; this build reads version {SqliteSchema.Version} only.");
            }

            _lastVersion = (long)Scalar(SqliteSchema.ReadHighestVersion)!;
            _begin = Prepare("BEGIN IMMEDIATE;");
            _commit = Prepare("COMMIT;");
            _rollback = Prepare("ROLLBACK;");
            _writeHighWater = Prepare(SqliteSchema.WriteHighWater, "$v");
            ReadStateETag = Prepare(SqliteSchema.ReadStateETag, "$s", "$g");
            UpsertState = Prepare(SqliteSchema.UpsertState, "$s", "$g", "$e", "$p");
            DeleteState = Prepare(SqliteSchema.DeleteState, "$s", "$g");
            ReadReminderETag = Prepare(SqliteSchema.ReadReminderETag, "$t", "$k", "$n");
            UpsertReminder = Prepare(SqliteSchema.UpsertReminder, "$t", "$k", "$n", "$start", "$period", "$last", "$e");
            DeleteReminder = Prepare(SqliteSchema.DeleteReminder, "$t", "$k", "$n");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public SqliteConnection Connection { get; }

    /// <summary>The writer's <c>synchronous</c> level as SQLite reports it: 2 = FULL, 1 = NORMAL.</summary>
    public long Synchronous { get; }

    public SqliteCommand ReadStateETag { get; }

    public SqliteCommand UpsertState { get; }

    public SqliteCommand DeleteState { get; }

    public SqliteCommand ReadReminderETag { get; }

    public SqliteCommand UpsertReminder { get; }

    public SqliteCommand DeleteReminder { get; }

    /// <summary>Whether the connection is outside a transaction (SQLite rolled it back after an error).</summary>
    public bool TransactionLost => SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) != 0;

    /// <summary>The next ETag version; unique in the file, never reused even after a delete.</summary>
    public long NextVersion() => ++_lastVersion;

    /// <summary>Notes a delete in this batch, so the commit records the high-water mark the deleted row took with it.</summary>
    public void NoteDelete() => _deletedInBatch = true;

    public void Begin()
    {
        _deletedInBatch = false;
        _begin.ExecuteNonQuery();
    }

    public void Commit()
    {
        if (_deletedInBatch)
        {
            _writeHighWater.Parameters[0].Value = _lastVersion;
            _writeHighWater.ExecuteNonQuery();
        }

        _commit.ExecuteNonQuery();
    }

    public void RollbackQuietly()
    {
        if (TransactionLost)
        {
            return;
        }

        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Nothing more to do: SQLite rolls back an open transaction when the connection closes.
        }
    }

    public void Dispose()
    {
        foreach (var command in new[] { _begin, _commit, _rollback, _writeHighWater, ReadStateETag, UpsertState, DeleteState, ReadReminderETag, UpsertReminder, DeleteReminder })
        {
            command?.Dispose();
        }

        Connection.Dispose();
    }

    private object? Scalar(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
