using Microsoft.Extensions.Time.Testing;

namespace OrleansHa.Storage.Tests.Sqlite;

/// <summary>
/// A file whose schema asks for it (the journals' way) checkpoints beside the writer on a timer, with SQLite's
/// automatic checkpoint off; and a path open for one kind of data refuses another.
/// </summary>
public sealed class SqliteCheckpointTests : IDisposable
{
    private readonly TempDirectory _directory = new("sqlite-checkpoint");
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _directory.Dispose();

    private SqliteStorageOptions Options => new() { DataDirectory = _directory.Path, FileName = "checkpointed.db" };

    [Fact]
    public async Task Checkpoint_WhenIntervalPasses_CopiesTheWalIntoTheDatabaseFile()
    {
        using var database = SqliteDatabaseFiles.Acquire(Options, () => new CheckpointingSchema(_time), typeof(CheckpointingSchema), null);
        var autoCheckpoint = await database.EnqueueAsync(new Insert(new byte[1 << 20]));
        var before = new FileInfo(database.FilePath).Length;

        _time.Advance(TimeSpan.FromSeconds(1));
        var after = new FileInfo(database.FilePath).Length;

        Assert.Equal(0L, autoCheckpoint);
        Assert.True(before < 1 << 20, $"the database file already held the write ({before} bytes) before any checkpoint");
        Assert.True(after >= 1 << 20, $"the database file holds {after} bytes after the checkpoint; the 1 MiB write is still only in the WAL");
    }

    [Fact]
    public void Acquire_WhenPathIsOpenForOtherData_ThrowsNamingWhatItHolds()
    {
        using var checkpointed = SqliteDatabaseFiles.Acquire(Options, () => new CheckpointingSchema(_time), typeof(CheckpointingSchema), null);

        var ex = Assert.Throws<ArgumentException>(() => SqliteDatabase.Open(Options));

        Assert.Contains("already open for a checkpointed test table", ex.Message, StringComparison.Ordinal);
    }

    private sealed class CheckpointingSchema(TimeProvider time) : SqliteFileSchema
    {
        public override string Describe => "a checkpointed test table";

        public override TimeSpan? CheckpointInterval => TimeSpan.FromSeconds(1);

        public override TimeProvider Time => time;

        public override void Open(SqliteWriterSession session) => session.Execute("CREATE TABLE IF NOT EXISTS blobs (data BLOB NOT NULL);");
    }

    /// <summary>Inserts a blob; answers the writer's wal_autocheckpoint setting.</summary>
    private sealed class Insert(byte[] data) : SqliteWriteOperation<long>
    {
        public override Exception DescribeFailure(Exception exception, string filePath) => exception;

        protected override long Run(SqliteWriterSession session)
        {
            var insert = session.Command("INSERT INTO blobs (data) VALUES ($d);", "$d");
            insert.Parameters[0].Value = data;
            insert.ExecuteNonQuery();
            return (long)session.Scalar("PRAGMA wal_autocheckpoint;")!;
        }
    }
}
