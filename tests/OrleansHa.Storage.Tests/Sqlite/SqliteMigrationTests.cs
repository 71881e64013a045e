using Microsoft.Data.Sqlite;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Sqlite;

/// <summary>Files of schema version 1 (written on our own runtime, e.g. <c>./data/orleansha.db</c>) open as version 2.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    // The version-1 tables exactly as the runtime-era build created them.
    private const string Version1 = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE meta (key TEXT NOT NULL PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE grain_state (state_name TEXT NOT NULL, grain_id TEXT NOT NULL, etag INTEGER NOT NULL, payload BLOB NOT NULL);
        CREATE UNIQUE INDEX grain_state_key ON grain_state (state_name, grain_id);
        CREATE TABLE reminders (
            grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, reminder_name TEXT NOT NULL, start_at INTEGER NOT NULL,
            period INTEGER NOT NULL, last_fired INTEGER NULL, etag INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_key, reminder_name)) WITHOUT ROWID;
        INSERT INTO meta (key, value) VALUES ('schema', 1);
        INSERT INTO meta (key, value) VALUES ('etag_high_water', 40);
        INSERT INTO grain_state VALUES ('probe', 'storageprobe/old', 7, CAST('{"Name":"kept","Count":5,"Items":[],"Version":0}' AS BLOB));
        """;

    private static readonly DateTime Start = new(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempDirectory _directory = new("sqlite-migrate");

    public void Dispose() => _directory.Dispose();

    private string FilePath => Path.Combine(_directory.Path, "orleansha.db");

    [Fact]
    public async Task Open_WhenFileHasVersion1_MigratesRemindersAndKeepsEverything()
    {
        var grains = Enumerable.Range(0, 30).Select(i => GrainId.Create("remindme", $"g{i}")).ToArray();
        WriteVersion1(grains);

        using var database = SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = _directory.Path });
        var table = new SqliteReminderTable(database);
        var ordered = grains.OrderBy(g => g.GetUniformHashCode()).ToArray();
        var inRange = (await table.ReadRows(ordered[9].GetUniformHashCode(), ordered[19].GetUniformHashCode())).Reminders;
        var one = (await table.ReadRows(grains[3])).Reminders;
        var state = new StoredState();
        await new SqliteGrainStorage(database).ReadStateAsync("probe", GrainId.Parse("storageprobe/old"), state);
        var next = await table.UpsertRow(new ReminderEntry { GrainId = grains[0], ReminderName = "new", StartAt = Start, Period = TimeSpan.FromMinutes(1) });

        Assert.Equal(ordered[10..20], inRange.Select(r => r.GrainId).OrderBy(g => g.GetUniformHashCode()));
        var row = Assert.Single(one);
        Assert.Equal(("tick", Start, TimeSpan.FromMinutes(3), "13"), (row.ReminderName, row.StartAt, row.Period, row.ETag));
        Assert.Equal(("kept", 5, "7"), (state.State.Name, state.State.Count, state.ETag));
        Assert.Equal("41", next);
        Assert.Equal(2L, Query("SELECT value FROM meta WHERE key = 'schema';"));
        Assert.Equal(0L, Query("SELECT count(*) FROM pragma_table_info('reminders') WHERE name = 'last_fired';"));
        Assert.Equal(1L, Query("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'reminders_by_hash';"));
    }

    [Fact]
    public void Open_WhenFileHasUnknownVersion_ThrowsNamingVersions()
    {
        WriteVersion1([]);
        Execute("UPDATE meta SET value = 9 WHERE key = 'schema';");

        var ex = Assert.Throws<OrleansException>(() => SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = _directory.Path }));

        Assert.Contains("schema version 9", ex.Message, StringComparison.Ordinal);
        Assert.Contains("versions 1 and 2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, SqliteDatabaseFiles.Users(FilePath));
    }

    private void WriteVersion1(GrainId[] grains)
    {
        Execute(Version1);
        for (var i = 0; i < grains.Length; i++)
        {
            Execute(
                "INSERT INTO reminders VALUES ($t, $k, 'tick', $s, $p, NULL, $e);",
                ("$t", grains[i].Type.ToString()!),
                ("$k", grains[i].Key.ToString()!),
                ("$s", Start.Ticks),
                ("$p", TimeSpan.FromMinutes(3).Ticks),
                ("$e", 10L + i));
        }
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private object? Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
