using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansHa.Storage;

/// <summary>
/// The writer connection: WAL, the chosen synchronous level, transaction and savepoint statements, and a cache of
/// prepared commands. Used only by the writer thread, so nothing here is locked.
/// </summary>
internal sealed class SqliteWriterSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackToSavepoint;

    public SqliteWriterSession(SqliteConnection connection, bool durable, SqliteFileSchema schema)
    {
        Connection = connection;
        Schema = schema;
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
            if (schema.CheckpointInterval is not null)
            {
                // Checkpoints run beside the writer (see SqliteDatabaseFile), never inside a commit.
                Scalar("PRAGMA wal_autocheckpoint = 0;");
            }

            _begin = Prepare("BEGIN IMMEDIATE;");
            _commit = Prepare("COMMIT;");
            _rollback = Prepare("ROLLBACK;");
            _savepoint = Prepare("SAVEPOINT write;");
            _release = Prepare("RELEASE write;");
            _rollbackToSavepoint = Prepare("ROLLBACK TO write;");
            schema.Open(this);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public SqliteConnection Connection { get; }

    public SqliteFileSchema Schema { get; }

    /// <summary>The writer's <c>synchronous</c> level as SQLite reports it: 2 = FULL, 1 = NORMAL.</summary>
    public long Synchronous { get; }

    /// <summary>Whether the connection is outside a transaction (SQLite rolled it back after an error).</summary>
    public bool TransactionLost => SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) != 0;

    /// <summary>A prepared command on the writer connection, cached by its text, with parameters named as given.</summary>
    public SqliteCommand Command(string sql, params string[] parameterNames)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Prepare(sql, parameterNames);
            _commands.Add(sql, command);
        }

        return command;
    }

    /// <summary>A cached command with positional parameters <c>$0</c>..<c>$n</c>, bound to <paramref name="values"/> (null as NULL).</summary>
    public SqliteCommand Positional(string sql, params object?[] values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            var names = new string[values.Length];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = "$" + i.ToString(CultureInfo.InvariantCulture);
            }

            command = Prepare(sql, names);
            _commands.Add(sql, command);
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    public void Begin() => _begin.ExecuteNonQuery();

    public void Commit() => _commit.ExecuteNonQuery();

    /// <summary>Starts the savepoint of one write, so a failing write can be undone alone.</summary>
    public void Savepoint() => _savepoint.ExecuteNonQuery();

    /// <summary>Keeps the write's changes in the batch's transaction.</summary>
    public void ReleaseSavepoint() => _release.ExecuteNonQuery();

    /// <summary>Undoes the write's changes, keeping the rest of the batch.</summary>
    public void RollbackSavepoint()
    {
        _rollbackToSavepoint.ExecuteNonQuery();
        _release.ExecuteNonQuery();
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

    /// <summary>Runs a statement outside the prepared cache (schema work); returns the first column of the first row.</summary>
    public object? Scalar(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Runs statements outside the prepared cache (schema work).</summary>
    public void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Schema.Dispose();
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        foreach (var command in new[] { _begin, _commit, _rollback, _savepoint, _release, _rollbackToSavepoint })
        {
            command?.Dispose();
        }

        Connection.Dispose();
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
