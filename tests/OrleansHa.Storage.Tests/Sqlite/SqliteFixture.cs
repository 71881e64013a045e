namespace OrleansHa.Storage.Tests.Sqlite;

/// <summary>One SQLite database file in a temp folder, shared by a test class.</summary>
public sealed class SqliteFixture : IDisposable
{
    private readonly TempDirectory _directory = new("sqlite");

    public SqliteFixture()
    {
        Database = SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = _directory.Path });
    }

    public SqliteDatabase Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        _directory.Dispose();
    }
}
