using Microsoft.Data.Sqlite;
using Orleans.Storage;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Sqlite;

/// <summary>What is particular to the SQLite file: group commit, reopening, WAL, settings.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDirectory _directory = new("sqlite-db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task WriteStateAsync_WhenManyWritersConcurrent_AllDurableAfterReopen()
    {
        var ids = Enumerable.Range(0, 500).Select(i => GrainId.Create("counter", $"c{i}")).ToArray();
        var states = ids.Select((_, i) => new StoredState(new TestState { Name = $"n{i}", Count = i })).ToArray();
        long batches;
        using (var database = Open())
        {
            var storage = new SqliteGrainStorage(database);

            await Task.WhenAll(ids.Select((id, i) => storage.WriteStateAsync("counter", id, states[i])));
            batches = database.BatchesCommitted;
        }

        using var reopened = Open();
        var again = new SqliteGrainStorage(reopened);
        for (var i = 0; i < ids.Length; i++)
        {
            var read = new StoredState();
            await again.ReadStateAsync("counter", ids[i], read);
            Assert.Equal(i, read.State.Count);
            Assert.Equal(states[i].ETag, read.ETag);
        }

        Assert.InRange(batches, 1, ids.Length);
    }

    [Fact]
    public async Task WriteStateAsync_WhenQueuedTogether_SharesOneCommit()
    {
        using var database = Open();
        var storage = new SqliteGrainStorage(database);
        await storage.WriteStateAsync("s", GrainId.Create("t", "warm-up"), new StoredState());
        var before = database.BatchesCommitted;

        Task[] writes;
        using (database.PauseWriter())
        {
            writes = [.. Enumerable.Range(0, 50).Select(i => storage.WriteStateAsync("s", GrainId.Create("t", $"g{i}"), new StoredState(new TestState { Count = i })))];
        }

        await Task.WhenAll(writes);
        Assert.Equal(before + 1, database.BatchesCommitted);
    }

    [Fact]
    public async Task WriteStateAsync_WhenOneWriteInBatchConflicts_FailsOnlyThatWrite()
    {
        using var database = Open();
        var storage = new SqliteGrainStorage(database);
        var contested = GrainId.Create("t", "contested");
        var original = new StoredState(new TestState { Name = "original" });
        await storage.WriteStateAsync("s", contested, original);
        var stale = new StoredState(new TestState { Name = "stale" }, "999999");

        Task conflicting;
        Task[] others;
        using (database.PauseWriter())
        {
            others = [.. Enumerable.Range(0, 20).Select(i => storage.WriteStateAsync("s", GrainId.Create("t", $"ok{i}"), new StoredState(new TestState { Count = i })))];
            conflicting = storage.WriteStateAsync("s", contested, stale);
            others = [.. others, .. Enumerable.Range(20, 20).Select(i => storage.WriteStateAsync("s", GrainId.Create("t", $"ok{i}"), new StoredState(new TestState { Count = i })))];
        }

        await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting);
        await Task.WhenAll(others);
        var read = new StoredState();
        await storage.ReadStateAsync("s", contested, read);
        Assert.Equal("original", read.State.Name);
        Assert.Equal(original.ETag, read.ETag);
        for (var i = 0; i < 40; i++)
        {
            var ok = new StoredState();
            await storage.ReadStateAsync("s", GrainId.Create("t", $"ok{i}"), ok);
            Assert.Equal(i, ok.State.Count);
        }
    }

    [Fact]
    public async Task WriteStateAsync_WhenClearedAndReopened_NeverReusesETag()
    {
        var id = GrainId.Create("t", "recycled");
        var state = new StoredState();
        string firstETag;
        using (var database = Open())
        {
            var storage = new SqliteGrainStorage(database);
            await storage.WriteStateAsync("s", id, state);
            firstETag = state.ETag!;
            await storage.ClearStateAsync("s", id, state);
        }

        using var reopened = Open();
        await new SqliteGrainStorage(reopened).WriteStateAsync("s", id, state);

        Assert.NotEqual(firstETag, state.ETag);
    }

    [Fact]
    public async Task UpsertRow_WhenReopened_ReminderIsStillThere()
    {
        var id = GrainId.Create("t", "reminded");
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string? eTag;
        using (var database = Open())
        {
            eTag = await new SqliteReminderTable(database).UpsertRow(new ReminderEntry { GrainId = id, ReminderName = "r", StartAt = start, Period = TimeSpan.FromMinutes(1) });
        }

        Assert.Equal(0, SqliteDatabaseFiles.Users(Path.Combine(_directory.Path, "orleansha.db")));
        using var reopened = Open();
        var row = await new SqliteReminderTable(reopened).ReadRow(id, "r");

        Assert.NotNull(row);
        Assert.Equal(eTag, row.ETag);
        Assert.Equal(start, row.StartAt);
    }

    [Fact]
    public void Open_WhenOpened_PutsFileInWalMode()
    {
        using var database = Open();

        using var connection = new SqliteConnection($"Data Source={database.FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)command.ExecuteScalar());
        Assert.Equal(Path.Combine(_directory.Path, "orleansha.db"), database.FilePath);
    }

    [Theory]
    [InlineData(true, 2L)]
    [InlineData(false, 1L)]
    public void Open_WhenDurableSet_ChoosesSynchronousLevel(bool durable, long expected)
    {
        using var database = SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = _directory.Path, Durable = durable });

        Assert.Equal(expected, database.SynchronousLevel);
    }

    [Fact]
    public async Task WriteStateAsync_WhenStateCannotBeSerialized_ThrowsAndStoresNothing()
    {
        using var database = Open();
        var storage = new SqliteGrainStorage(database);
        var id = GrainId.Create("t", "unserializable");

        var ex = await Assert.ThrowsAsync<OrleansException>(() => storage.WriteStateAsync("s", id, new GrainState<object>(new IntPtrHolder())));

        Assert.Contains(id.ToString(), ex.Message, StringComparison.Ordinal);
        var read = new GrainState<object>(new object());
        await storage.ReadStateAsync("s", id, read);
        Assert.False(read.RecordExists);
    }

    [Theory]
    [InlineData("", "orleansha.db", 1000, "SqliteStorageOptions.DataDirectory")]
    [InlineData("x", "", 1000, "SqliteStorageOptions.FileName")]
    [InlineData("x", "sub/file.db", 1000, "SqliteStorageOptions.FileName")]
    [InlineData("x", "orleansha.db", 0, "SqliteStorageOptions.MaxBatchSize")]
    public void Open_WhenSettingInvalid_ThrowsNamingSetting(string directory, string fileName, int maxBatch, string setting)
    {
        var options = new SqliteStorageOptions { DataDirectory = directory, FileName = fileName, MaxBatchSize = maxBatch };

        var ex = Assert.Throws<ArgumentException>(() => SqliteDatabase.Open(options));

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WhenFileIsNotADatabase_ThrowsNamingFile()
    {
        File.WriteAllText(Path.Combine(_directory.Path, "orleansha.db"), new string('z', 8192));

        var ex = Assert.Throws<OrleansException>(Open);

        Assert.Contains("orleansha.db", ex.Message, StringComparison.Ordinal);
    }

    private SqliteDatabase Open() => SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = _directory.Path });

    /// <summary>A state System.Text.Json refuses (a pointer-sized field), to see a serialization failure.</summary>
    public sealed class IntPtrHolder
    {
        public Action Callback { get; set; } = () => { };
    }
}
