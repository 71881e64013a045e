using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OrleansHa.Journals;

namespace OrleansHa.Storage.Tests.Journals;

/// <summary>journals.db files written by earlier builds open at the current version, keeping their data.</summary>
public sealed class SqliteJournalMigrationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    // The first journal store's layout: history as a rowid table, no counters table (ids were MAX(id) + 1).
    private const string FirstLayout = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE scopes (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, definition TEXT NULL,
            last_sequence INTEGER NOT NULL DEFAULT 0, filtered INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE records (
            scope INTEGER NOT NULL, key TEXT NOT NULL, fields TEXT NOT NULL, ts INTEGER NOT NULL,
            PRIMARY KEY (scope, key)) WITHOUT ROWID;
        CREATE TABLE history (
            id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, key TEXT NOT NULL, seq INTEGER NULL, kind INTEGER NOT NULL,
            ts INTEGER NOT NULL, fields TEXT NULL, outcome INTEGER NOT NULL, at INTEGER NOT NULL);
        """;

    // The later layout: history clustered by record (WITHOUT ROWID), ids from the counters table.
    private const string ClusteredLayout = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE scopes (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, definition TEXT NULL,
            last_sequence INTEGER NOT NULL DEFAULT 0, filtered INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE records (
            scope INTEGER NOT NULL, key TEXT NOT NULL, fields TEXT NOT NULL, ts INTEGER NOT NULL,
            PRIMARY KEY (scope, key)) WITHOUT ROWID;
        CREATE TABLE history (
            scope INTEGER NOT NULL, key TEXT NOT NULL, id INTEGER NOT NULL, seq INTEGER NULL, kind INTEGER NOT NULL,
            ts INTEGER NOT NULL, fields TEXT NULL, outcome INTEGER NOT NULL, at INTEGER NOT NULL,
            PRIMARY KEY (scope, key, id)) WITHOUT ROWID;
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO counters (name, value) VALUES ('history', 3);
        """;

    private readonly TempDirectory _directory = new("journal-migrate");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private string FilePath => Path.Combine(_directory.Path, "journals.db");

    [Fact]
    public async Task Open_WhenFileHasNoHistoryCounter_NewHistoryRowsTakeIdsAfterTheStoredOnes()
    {
        WriteOldFile(FirstLayout);

        using (var store = Open())
        {
            // Before the migration the counter started at 0 here, and this append failed: UNIQUE constraint failed: history.id.
            var outcome = await store.AppendAsync("orders", "r1", [JournalChange.Patch("a", T0.AddMinutes(5), new() { ["n"] = "4" })], [], 100, false, CancellationToken.None);

            Assert.True(outcome.Result.Accepted);
            var history = await store.GetHistoryAsync("orders", "a", 10, CancellationToken.None);
            Assert.Equal(["4", "3", "2", "1"], history.Select(h => h.Change.Fields!["n"]));
            Assert.Equal("4", (await store.GetRecordAsync("orders", "a", CancellationToken.None))!.Fields["n"]);
        }

        Assert.Equal(2L, Scalar("SELECT value FROM counters WHERE name = 'schema'"));
        Assert.Equal(4L, Scalar("SELECT value FROM counters WHERE name = 'history'"));
    }

    [Fact]
    public async Task Open_WhenHistoryIsClusteredByRecord_RebuildsItInIdOrderKeepingEveryRow()
    {
        WriteOldFile(ClusteredLayout);

        using (var store = Open())
        {
            await store.AppendAsync("orders", "r1", [JournalChange.Patch("a", T0.AddMinutes(5), new() { ["n"] = "4" })], [], 100, false, CancellationToken.None);

            var history = await store.GetHistoryAsync("orders", "a", 10, CancellationToken.None);
            Assert.Equal(["4", "3", "2", "1"], history.Select(h => h.Change.Fields!["n"]));
        }

        var layout = (string)Scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'history'")!;
        Assert.DoesNotContain("WITHOUT ROWID", layout, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([1L, 2L, 3L, 4L], Column("SELECT id FROM history ORDER BY id"));
        Assert.Equal(2L, Scalar("SELECT value FROM counters WHERE name = 'schema'"));

        // Opened again, the file is at the current version and is left as it is.
        using var again = Open();
        Assert.Equal(4, (await again.GetHistoryAsync("orders", "a", 10, CancellationToken.None)).Count);
    }

    private SqliteJournalStore Open()
        => new(Options.Create(new JournalStoreOptions { DataDirectory = _directory.Path }), TimeProvider.System);

    /// <summary>An old file holding journal 'orders' with record 'a' patched three times (history ids 1 to 3).</summary>
    private void WriteOldFile(string layout)
    {
        using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = layout + """

            INSERT INTO scopes (id, name) VALUES (1, 'orders');
            INSERT INTO records (scope, key, fields, ts) VALUES (1, 'a', '{"n":"3"}', $ts3);
            INSERT INTO history (id, scope, key, seq, kind, ts, fields, outcome, at) VALUES
                (1, 1, 'a', NULL, 1, $ts1, '{"n":"1"}', 0, $ts1),
                (2, 1, 'a', NULL, 1, $ts2, '{"n":"2"}', 2, $ts2),
                (3, 1, 'a', NULL, 1, $ts3, '{"n":"3"}', 2, $ts3);
            """;
        command.Parameters.AddWithValue("$ts1", T0.AddMinutes(1).UtcTicks);
        command.Parameters.AddWithValue("$ts2", T0.AddMinutes(2).UtcTicks);
        command.Parameters.AddWithValue("$ts3", T0.AddMinutes(3).UtcTicks);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private List<long> Column(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }
}
