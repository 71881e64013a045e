using Microsoft.Data.Sqlite;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Sqlite;

/// <summary>A write that fails inside a group commit fails alone, whether or not SQLite dropped the transaction.</summary>
public sealed class SqliteBatchFailureTests : IDisposable
{
    private readonly TempDirectory _directory = new("sqlite-batch");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecuteBatch_WhenOneWriteFailsWithSqlError_OthersInBatchAreCommitted(bool dropsTransaction)
    {
        using var database = SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = _directory.Path });
        var storage = new SqliteGrainStorage(database);
        var before = database.BatchesCommitted;

        Task failing;
        Task[] others;
        using (database.PauseWriter())
        {
            others = [.. Enumerable.Range(0, 10).Select(i => storage.WriteStateAsync("s", GrainId.Create("t", $"a{i}"), new StoredState(new TestState { Count = i })))];
            failing = database.EnqueueAsync(new FailingWrite(dropsTransaction));
            others = [.. others, .. Enumerable.Range(10, 10).Select(i => storage.WriteStateAsync("s", GrainId.Create("t", $"a{i}"), new StoredState(new TestState { Count = i })))];
        }

        var ex = await Assert.ThrowsAsync<OrleansException>(() => failing);
        await Task.WhenAll(others);

        Assert.IsType<SqliteException>(ex.InnerException);
        Assert.Equal(before + 1, database.BatchesCommitted);
        for (var i = 0; i < 20; i++)
        {
            var read = new StoredState();
            await storage.ReadStateAsync("s", GrainId.Create("t", $"a{i}"), read);
            Assert.True(read.RecordExists, $"write a{i} was lost");
            Assert.Equal(i, read.State.Count);
        }
    }

    /// <summary>A write whose statement fails; optionally it first ends the transaction, as a disk-full error would.</summary>
    private sealed class FailingWrite(bool dropsTransaction) : SqliteWriteOperation<string?>
    {
        public override Exception DescribeFailure(Exception exception, string filePath) => new OrleansException("failing write", exception);

        protected override string? Run(SqliteWriterSession session)
        {
            using var command = session.Connection.CreateCommand();
            if (dropsTransaction)
            {
                command.CommandText = "ROLLBACK;";
                command.ExecuteNonQuery();
            }

            command.CommandText = "INSERT INTO no_such_table VALUES (1);";
            command.ExecuteNonQuery();
            return "unreachable";
        }
    }
}
