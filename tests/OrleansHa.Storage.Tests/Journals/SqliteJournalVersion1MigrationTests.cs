using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OrleansHa.Journals;
using OrleansHa.Systems;

namespace OrleansHa.Storage.Tests.Journals;

/// <summary>A journals.db of schema version 1 (before roles) opens at version 2 with every row kept; its entries carry epoch 0.</summary>
public sealed class SqliteJournalVersion1MigrationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    // Version 1's tables, as the build before roles created them.
    private const string Version1Layout = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE scopes (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, definition TEXT NULL,
            last_sequence INTEGER NOT NULL DEFAULT 0, filtered INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE entries (
            scope INTEGER NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, kind INTEGER NOT NULL, ts INTEGER NOT NULL, fields TEXT NULL,
            PRIMARY KEY (scope, seq)) WITHOUT ROWID;
        CREATE TABLE acks (
            scope INTEGER NOT NULL, receiver TEXT NOT NULL, acked INTEGER NOT NULL, enabled INTEGER NOT NULL,
            rejected INTEGER NOT NULL DEFAULT 0, retries INTEGER NOT NULL DEFAULT 0, last_error TEXT NULL, last_shipped INTEGER NULL,
            PRIMARY KEY (scope, receiver)) WITHOUT ROWID;
        CREATE TABLE requests (
            scope INTEGER NOT NULL, request_id TEXT NOT NULL, result TEXT NOT NULL, at INTEGER NOT NULL,
            PRIMARY KEY (scope, request_id)) WITHOUT ROWID;
        CREATE TABLE records (
            scope INTEGER NOT NULL, key TEXT NOT NULL, fields TEXT NOT NULL, ts INTEGER NOT NULL,
            PRIMARY KEY (scope, key)) WITHOUT ROWID;
        CREATE TABLE history (
            id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, key TEXT NOT NULL, seq INTEGER NULL, kind INTEGER NOT NULL,
            ts INTEGER NOT NULL, fields TEXT NULL, outcome INTEGER NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX history_by_key ON history (scope, key, id);
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO counters (name, value) VALUES ('history', 2), ('schema', 1);
        CREATE TABLE marks (
            scope INTEGER NOT NULL, rule TEXT NOT NULL, key TEXT NOT NULL, day TEXT NOT NULL,
            PRIMARY KEY (scope, rule, key, day)) WITHOUT ROWID;
        CREATE TABLE remote_state (
            scope INTEGER PRIMARY KEY, last_applied INTEGER NOT NULL DEFAULT 0, applied INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0, rejected_puts INTEGER NOT NULL DEFAULT 0, rejected_deletes INTEGER NOT NULL DEFAULT 0,
            gaps INTEGER NOT NULL DEFAULT 0, last_received INTEGER NULL);
        CREATE TABLE activity (
            id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, at INTEGER NOT NULL, system TEXT NULL, key TEXT NULL,
            first_seq INTEGER NULL, last_seq INTEGER NULL, kind INTEGER NOT NULL, detail TEXT NOT NULL);
        CREATE INDEX activity_by_time ON activity (scope, at);
        CREATE INDEX activity_by_key ON activity (scope, key, at) WHERE key IS NOT NULL;
        """;

    private readonly TempDirectory _directory = new("journal-migrate-v1");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private string FilePath => Path.Combine(_directory.Path, "journals.db");

    [Fact]
    public async Task Open_WhenTheFileIsVersion1_KeepsEveryRowAndStampsLaterEntriesWithTheEpoch()
    {
        WriteVersion1File();

        using (var store = Open())
        {
            var state = await store.GetLocalStateAsync("orders", None);
            Assert.Equal(("BACKUP", 2L, 0L, 1L), (state.Definition!.Receivers.Single().SystemName, state.LastSequence, state.Epoch, state.Receivers.Single().Acknowledged));
            Assert.Equal([(2L, 0L)], (await store.ReadEntriesAsync("orders", 1, 10, long.MaxValue, None)).Select(e => (e.Sequence, e.Epoch)));
            Assert.Equal("2", (await store.GetRecordAsync("orders", "a", None))!.Fields["n"]);
            Assert.Equal(2, (await store.GetHistoryAsync("orders", "a", 10, None)).Count);

            await store.SetEpochAsync("orders", 1, None);
            var appended = await store.AppendAsync("orders", "r3", [JournalChange.Put("b", T0.AddMinutes(3), new() { ["n"] = "3" })], [], 100, true, None);
            var listed = await store.BecomeReplicaAsync("orders", "orders@PROD", 1, 2, None);

            Assert.Equal(3, appended.Result.FirstSequence);
            Assert.Equal([(2L, 0L), (3L, 1L)], listed.Select(d => (d.Sequence, d.Epoch)));
        }

        Assert.Equal(2L, Scalar("SELECT value FROM counters WHERE name = 'schema'"));

        // Opened again, the file is at the current version and is left as it is.
        using var again = Open();
        Assert.Equal(2, await again.CountDivergenceAsync("orders", None));
        Assert.Equal(3, (await again.GetHistoryAsync("orders", "a", 10, None)).Count + (await again.GetHistoryAsync("orders", "b", 10, None)).Count);
    }

    private SqliteJournalStore Open()
        => new(Options.Create(new JournalStoreOptions { DataDirectory = _directory.Path }), TimeProvider.System);

    /// <summary>Journal 'orders' (receiver BACKUP, which has 1 of 2 entries) with record 'a' put then patched.</summary>
    private void WriteVersion1File()
    {
        using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Version1Layout + """

            INSERT INTO scopes (id, name, definition, last_sequence) VALUES (1, 'orders', $definition, 2);
            INSERT INTO acks (scope, receiver, acked, enabled) VALUES (1, 'BACKUP', 1, 1);
            INSERT INTO entries (scope, seq, key, kind, ts, fields) VALUES (1, 2, 'a', 1, $ts2, '{"n":"2"}');
            INSERT INTO records (scope, key, fields, ts) VALUES (1, 'a', '{"n":"2"}', $ts2);
            INSERT INTO history (id, scope, key, seq, kind, ts, fields, outcome, at) VALUES
                (1, 1, 'a', 1, 0, $ts1, '{"n":"1"}', 0, $ts1),
                (2, 1, 'a', 2, 1, $ts2, '{"n":"2"}', 2, $ts2);
            """;
        var definition = new JournalDefinition([new RemoteSystemAddress("BACKUP", "127.0.0.1:1", "backup")], [], 1000);
        command.Parameters.AddWithValue("$definition", JsonSerializer.Serialize(definition));
        command.Parameters.AddWithValue("$ts1", T0.AddMinutes(1).UtcTicks);
        command.Parameters.AddWithValue("$ts2", T0.AddMinutes(2).UtcTicks);
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
}
