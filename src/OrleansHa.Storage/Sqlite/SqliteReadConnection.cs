using Microsoft.Data.Sqlite;

namespace OrleansHa.Storage;

/// <summary>
/// A read connection with a cache of prepared commands; used by one reader at a time (pooled). A read waiting for a
/// lock gives up after <paramref name="commandTimeoutSeconds"/> (Microsoft.Data.Sqlite retries a busy statement that
/// long; the connection's busy_timeout bounds each try), so a read on a caller's thread never waits indefinitely.
/// </summary>
internal sealed class SqliteReadConnection(SqliteConnection connection, int commandTimeoutSeconds = 30) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    public bool IsDisposed { get; private set; }

    /// <summary>A prepared command cached by its text, with parameters named as given (values left to the caller).</summary>
    public SqliteCommand Command(string sql, params string[] parameterNames)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = commandTimeoutSeconds;
            foreach (var name in parameterNames)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            _commands.Add(sql, command);
        }

        return command;
    }

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
    }
}
