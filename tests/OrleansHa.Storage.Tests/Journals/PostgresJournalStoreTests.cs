using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansHa.Journals;
using Xunit.Abstractions;

namespace OrleansHa.Storage.Tests.Journals;

/// <summary>
/// The journal store contract on the PostgreSQL store (a database of its own per test, on the collection's server),
/// and what only a store shared by several silos must do: two instances on one database stand for two silos.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalStoreTests(PostgresFixture postgres, ITestOutputHelper output) : JournalStoreContractTests
{
    private readonly ConcurrentBag<IJournalStore> _others = [];
    private string _connectionString = null!;

    public override async Task InitializeAsync()
    {
        _connectionString = await postgres.NewDatabaseAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var other in _others)
        {
            await CloseAsync(other);
        }
    }

    protected override Task<IJournalStore> OpenStoreAsync(TimeProvider time)
        => Task.FromResult<IJournalStore>(new PostgresJournalStore(Options.Create(new PostgresJournalStoreOptions { ConnectionString = _connectionString }), time));

    protected override void Report(string line) => output.WriteLine(line);

    protected override Task<JournalPruneResult> LastPruneAsync(IJournalStore store) => ((PostgresJournalStore)store).LastPrune!;

    /// <summary>A second store on this test's database: another silo of the system.</summary>
    private async Task<IJournalStore> OtherSiloAsync()
    {
        var other = await OpenStoreAsync(TimeProvider.System);
        _others.Add(other);
        return other;
    }

    [Fact]
    public async Task AppendAsync_WhenTwoSilosAppendToOneJournalAtOnce_SequencesAreDenseAndUnique()
    {
        var other = await OtherSiloAsync();
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);

        var appends = Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? Store : other).AppendAsync(
            "orders", $"r{i}", [Put($"k{i}", 1), Put($"k{i}", 2), JournalChange.Patch("shared", T0.AddSeconds(i), new() { [$"f{i}"] = "x" })], [], 1000, true, None));
        var outcomes = await Task.WhenAll(appends);

        var sequences = outcomes.SelectMany(o => Enumerable.Range((int)o.Result.FirstSequence, o.Result.Journaled)).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 180), sequences);
        Assert.Equal(180, (await other.GetLocalStateAsync("orders", None)).LastSequence);
        Assert.Equal(Enumerable.Range(1, 180).Select(i => (long)i), (await Store.ReadEntriesAsync("orders", 0, 1000, long.MaxValue, None)).Select(e => e.Sequence));

        // Every patch of the shared record landed on the one before it: none was lost to a concurrent writer.
        Assert.Equal(60, (await Store.GetRecordAsync("orders", "shared", None))!.Fields.Count);
    }

    [Fact]
    public async Task AppendAsync_WhenTheOtherSiloRetriesTheRequestId_ReturnsTheOriginalAnswerAndStoresOnce()
    {
        var other = await OtherSiloAsync();
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        await Store.AppendAsync("orders", "before", [Put("z", 1)], [], 100, true, None);

        var original = await Store.AppendAsync("orders", "req-7", [Put("a", 1), Put("b", 1)], [], 100, true, None);
        var retried = await other.AppendAsync("orders", "req-7", [Put("a", 1), Put("b", 1)], [], 100, true, None);

        Assert.False(original.Result.Duplicate);
        Assert.True(retried.Result.Duplicate);
        Assert.Equal((2L, 3L, 2), (retried.Result.FirstSequence, retried.Result.LastSequence, retried.Result.Journaled));
        Assert.Equal(3, (await other.GetLocalStateAsync("orders", None)).LastSequence);
        Assert.Single(await other.GetHistoryAsync("orders", "a", 10, None));
    }

    [Fact]
    public async Task AppendAsync_WhenItsConnectionDiesBeforeCommit_LeavesNothingAndTheRetryIsFresh()
    {
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        await using var admin = new NpgsqlConnection(_connectionString);
        await admin.OpenAsync();

        // Another transaction holds the append's request-id row uncommitted, so the append stops at its last statement:
        // by then it has written its records, history, entries and sequence. Its connection is then killed.
        await using var blocker = await admin.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("INSERT INTO requests (scope, request_id, result, at) SELECT id, 'req-1', '{}', 0 FROM scopes WHERE name = 'orders'", admin, blocker))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var append = Store.AppendAsync("orders", "req-1", [Put("a", 1), Put("b", 1)], [], 100, true, None);
        await using var waiting = new NpgsqlConnection(_connectionString);
        await waiting.OpenAsync();
        var pid = await WaitForBlockedBackendAsync(waiting, admin.ProcessID);
        await using (var kill = new NpgsqlCommand("SELECT pg_terminate_backend($1)", waiting))
        {
            kill.Parameters.Add(new NpgsqlParameter { Value = pid });
            await kill.ExecuteNonQueryAsync();
        }

        var failed = await Assert.ThrowsAsync<OrleansException>(() => append);
        await blocker.RollbackAsync();

        Assert.Contains("append to journal 'orders'", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await Store.GetLocalStateAsync("orders", None)).LastSequence);
        Assert.Null(await Store.GetRecordAsync("orders", "a", None));
        Assert.Empty(await Store.GetHistoryAsync("orders", "a", 10, None));
        Assert.Empty(await Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None));
        var retried = await Store.AppendAsync("orders", "req-1", [Put("a", 1), Put("b", 1)], [], 100, true, None);
        Assert.Equal((false, 1L, 2L), (retried.Result.Duplicate, retried.Result.FirstSequence, retried.Result.LastSequence));
    }

    [Fact]
    public async Task ReceiveAsync_WhenTwoActivationsGetTheSameBatchAtOnce_AppliesItOnce()
    {
        var other = await OtherSiloAsync();
        await Store.ReceiveAsync("orders@PROD", [new(1, Put("a", 0))], None);
        var rounds = Enumerable.Range(0, 5).Select(round => (JournalEntry[])[.. Enumerable.Range(2 + (round * 10), 10)
            .Select(i => new JournalEntry(i, JournalChange.Patch("a", T0.AddSeconds(i), new() { [$"f{i}"] = "v" })))]).ToList();

        var outcomes = new List<RemoteReceiveOutcome>();
        foreach (var batch in rounds)
        {
            outcomes.AddRange(await Task.WhenAll(Store.ReceiveAsync("orders@PROD", batch, None), other.ReceiveAsync("orders@PROD", batch, None)));
        }

        Assert.Equal(50, outcomes.Sum(o => o.Result.Applied));
        Assert.Equal(50, outcomes.Sum(o => o.Result.Duplicates));
        Assert.Equal(51, (await Store.GetHistoryAsync("orders@PROD", "a", 100, None)).Count);
        var status = await other.GetRemoteStatusAsync("orders@PROD", None);
        Assert.Equal((51L, 51L, 50L), (status.LastApplied, status.Applied, status.Duplicates));
    }

    [Fact]
    public async Task RecordShipmentAsync_WhenAnOlderSendIsReportedAfterANewerOne_KeepsTheNewerAcknowledgement()
    {
        var other = await OtherSiloAsync();
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        await Store.AppendAsync("orders", "r1", [Put("a", 1), Put("b", 1), Put("c", 1), Put("d", 1)], [], 100, true, None);

        await other.RecordShipmentAsync("orders", new("BACKUP", 1, 3, T0, new RemoteReceiveResult(3, 3, 0, 0, false), null), None);
        var late = await Store.RecordShipmentAsync("orders", new("BACKUP", 1, 2, T0, new RemoteReceiveResult(2, 2, 0, 0, false), null), None);

        Assert.Equal(3, late.Acknowledged);
        Assert.Equal([4L], (await Store.ReadEntriesAsync("orders", 3, 10, long.MaxValue, None)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task RecordShipmentAsync_WhenTheReceiverRefusesAGap_ResendsFromWhatItHas()
    {
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        await Store.AppendAsync("orders", "r1", [Put("a", 1), Put("b", 1), Put("c", 1), Put("d", 1)], [], 100, true, None);
        await Store.RecordShipmentAsync("orders", new("BACKUP", 1, 3, T0, new RemoteReceiveResult(3, 3, 0, 0, false), null), None);

        var refused = await Store.RecordShipmentAsync("orders", new("BACKUP", 4, 4, T0, new RemoteReceiveResult(1, 0, 0, 0, true), null), None);

        Assert.Equal(1, refused.Acknowledged);
        Assert.Contains("refused a gap", refused.LastError, StringComparison.Ordinal);
    }

    /// <summary>The backend (other than <paramref name="except"/>) waiting on a lock in this database, once there is one.</summary>
    private static async Task<int> WaitForBlockedBackendAsync(NpgsqlConnection connection, int except)
    {
        // Waits for the event "the append is blocked on the lock", polling pg_stat_activity; bounded so a broken
        // store fails the test instead of hanging it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var find = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1 LIMIT 1", connection);
        find.Parameters.Add(new NpgsqlParameter { Value = except });
        while (true)
        {
            if (await find.ExecuteScalarAsync(timeout.Token) is int pid)
            {
                return pid;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }
}
