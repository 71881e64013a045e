using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Sqlite;

/// <summary>Readers run beside an open write transaction (WAL) and see only committed writes.</summary>
public sealed class SqliteReadWhileWritingTests : IDisposable
{
    private readonly TempDirectory _directory = new("sqlite-read");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ReadStateAsync_WhileBatchTransactionOpen_ReturnsLastCommittedState()
    {
        using var database = SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = _directory.Path });
        var storage = new SqliteGrainStorage(database);
        var id = GrainId.Create("t", "read-beside");
        var state = new StoredState(new TestState { Count = 1 });
        await storage.WriteStateAsync("s", id, state);
        using var inTransaction = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        Task second;
        Task holder;
        using (database.PauseWriter())
        {
            state.State.Count = 2;
            second = storage.WriteStateAsync("s", id, state);
            holder = database.EnqueueAsync(new HoldTransaction(inTransaction, release));
        }

        Assert.True(inTransaction.Wait(TimeSpan.FromSeconds(30)), "the writer never reached the held transaction");
        var during = new StoredState();
        await storage.ReadStateAsync("s", id, during);
        release.Set();
        await Task.WhenAll(second, holder);
        var after = new StoredState();
        await storage.ReadStateAsync("s", id, after);

        Assert.Equal(1, during.State.Count);
        Assert.Equal(2, after.State.Count);
    }

    /// <summary>Holds the batch's transaction open (with the other writes in it) until released.</summary>
    private sealed class HoldTransaction(ManualResetEventSlim inTransaction, ManualResetEventSlim release) : SqliteWriteOperation<string?>
    {
        public override Exception DescribeFailure(Exception exception, string filePath) => exception;

        protected override string? Run(SqliteWriterSession session)
        {
            inTransaction.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return null;
        }
    }
}
