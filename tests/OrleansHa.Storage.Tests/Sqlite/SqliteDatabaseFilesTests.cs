using Microsoft.Data.Sqlite;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Sqlite;

/// <summary>One open file (one writer) per path per process, counted by its users.</summary>
public sealed class SqliteDatabaseFilesTests : IDisposable
{
    private readonly TempDirectory _directory = new("sqlite-files");

    public void Dispose() => _directory.Dispose();

    private SqliteStorageOptions Options => new() { DataDirectory = _directory.Path };

    [Fact]
    public async Task Open_WhenOpenedTwice_BothShareOneWriterAndTheFileClosesWithTheLast()
    {
        var first = SqliteDatabase.Open(Options);
        var second = SqliteDatabase.Open(Options);
        var id = GrainId.Create("t", "shared");
        var state = new StoredState(new TestState { Count = 1 });
        await new SqliteGrainStorage(first).WriteStateAsync("s", id, state);
        var before = second.BatchesCommitted;

        first.Dispose();
        first.Dispose();
        state.State.Count = 2;
        await new SqliteGrainStorage(second).WriteStateAsync("s", id, state);
        var stillOpen = SqliteDatabaseFiles.Users(second.FilePath);
        second.Dispose();

        Assert.Same(first.File, second.File);
        Assert.Equal(before + 1, second.BatchesCommitted);
        Assert.Equal(1, stillOpen);
        Assert.Equal(0, SqliteDatabaseFiles.Users(second.FilePath));
        using var reopened = SqliteDatabase.Open(Options);
        Assert.NotSame(second.File, reopened.File);
        var read = new StoredState();
        await new SqliteGrainStorage(reopened).ReadStateAsync("s", id, read);
        Assert.Equal(2, read.State.Count);
    }

    [Fact]
    public async Task EnqueueAsync_WhenHoldDisposed_ThrowsNamingFileAndWhatToDo()
    {
        using var other = SqliteDatabase.Open(Options);
        var disposed = SqliteDatabase.Open(Options);
        disposed.Dispose();

        var ex = await Assert.ThrowsAsync<ObjectDisposedException>(
            () => new SqliteGrainStorage(disposed).WriteStateAsync("s", GrainId.Create("t", "late"), new StoredState()));

        Assert.Contains(other.FilePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("open the database again", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WhenAlreadyOpenWithOtherSettings_ThrowsNamingThem()
    {
        using var durable = SqliteDatabase.Open(Options);

        var ex = Assert.Throws<ArgumentException>(() => SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = _directory.Path, Durable = false }));

        Assert.Contains("Durable True vs False", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, SqliteDatabaseFiles.Users(durable.FilePath));
    }

    [Fact]
    public void Open_WhenOneOfTwoHoldsDisposed_KeepsTheWriterConnectionOpen()
    {
        using var kept = SqliteDatabase.Open(Options);
        SqliteDatabase.Open(Options).Dispose();

        // Another process-level writer would need the write lock; the shared writer still holds its connection,
        // so a plain reader sees the file in WAL mode with the writer's -wal file present.
        using var connection = new SqliteConnection($"Data Source={kept.FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)command.ExecuteScalar());
        Assert.True(File.Exists(kept.FilePath + "-wal"));
        Assert.Equal(1, SqliteDatabaseFiles.Users(kept.FilePath));
    }
}
