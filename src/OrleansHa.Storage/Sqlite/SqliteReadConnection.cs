using Microsoft.Data.Sqlite;

namespace OrleansHa.Storage;

/// <summary>A read connection with its prepared statements; used by one reader at a time (pooled).</summary>
internal sealed class SqliteReadConnection : IDisposable
{
    public SqliteReadConnection(SqliteConnection connection)
    {
        Connection = connection;
        ReadState = Prepare(SqliteSchema.ReadState, "$s", "$g");
        ReadReminder = Prepare(SqliteSchema.ReadReminder, "$t", "$k", "$n");
        ReadReminders = Prepare(SqliteSchema.ReadReminders, "$t", "$k");
        ReadAllReminders = Prepare(SqliteSchema.ReadAllReminders);
    }

    public SqliteConnection Connection { get; }

    public SqliteCommand ReadState { get; }

    public SqliteCommand ReadReminder { get; }

    public SqliteCommand ReadReminders { get; }

    public SqliteCommand ReadAllReminders { get; }

    public bool IsDisposed { get; private set; }

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        ReadState.Dispose();
        ReadReminder.Dispose();
        ReadReminders.Dispose();
        ReadAllReminders.Dispose();
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
