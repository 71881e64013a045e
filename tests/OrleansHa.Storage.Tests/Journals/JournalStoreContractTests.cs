using Microsoft.Extensions.Time.Testing;
using OrleansHa.Journals;
using OrleansHa.Systems;

namespace OrleansHa.Storage.Tests.Journals;

/// <summary>
/// What every <see cref="IJournalStore"/> must do, run against each store (SQLite in a scratch folder, PostgreSQL in a
/// database of its own per test). A subclass opens the store; reopening it means a new instance on the same data.
/// </summary>
public abstract partial class JournalStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    protected static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The store under test.</summary>
    protected IJournalStore Store { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Store = await OpenStoreAsync(TimeProvider.System);

    public virtual async Task DisposeAsync() => await CloseAsync(Store);

    /// <summary>Opens another store instance on this test's data (a restart, or another silo).</summary>
    protected abstract Task<IJournalStore> OpenStoreAsync(TimeProvider time);

    /// <summary>The prune the store's timer started last.</summary>
    protected abstract Task<JournalPruneResult> LastPruneAsync(IJournalStore store);

    protected static async Task CloseAsync(IJournalStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asynchronous:
                await asynchronous.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Closes the store and opens it again, as after a restart.</summary>
    protected async Task ReopenAsync(TimeProvider? time = null)
    {
        await CloseAsync(Store);
        Store = await OpenStoreAsync(time ?? TimeProvider.System);
    }

    protected static JournalDefinition OneReceiver(long limit = 1000)
        => new([new RemoteSystemAddress("BACKUP", "127.0.0.1:1", "backup")], [], limit);

    protected static JournalChange Put(string key, int minute, string name = "x")
        => JournalChange.Put(key, T0.AddMinutes(minute), new() { ["name"] = name });

    [Fact]
    public async Task AppendAsync_WhenSameRequestIdRetried_StoresOnceAndReturnsOriginalAnswer()
    {
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);

        var first = await Store.AppendAsync("orders", "req-1", [Put("a", 1), Put("b", 1)], [], 100, true, None);
        var again = await Store.AppendAsync("orders", "req-1", [Put("a", 1), Put("b", 1)], [], 100, true, None);

        Assert.Equal((1L, 2L), (first.Result.FirstSequence, first.Result.LastSequence));
        Assert.True(again.Result.Duplicate);
        Assert.Equal((1L, 2L), (again.Result.FirstSequence, again.Result.LastSequence));
        Assert.Equal(2, (await Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None)).Count);
    }

    [Fact]
    public async Task AppendAsync_WhenMoreThanAllowed_RefusesAndStoresNothing()
    {
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);

        var outcome = await Store.AppendAsync("orders", "req-1", [Put("a", 1), Put("b", 1), Put("c", 1)], [], 2, true, None);

        Assert.False(outcome.Result.Accepted);
        Assert.Equal(3, outcome.WouldJournal);
        Assert.Null(await Store.GetRecordAsync("orders", "a", None));
        Assert.Equal(0, (await Store.GetLocalStateAsync("orders", None)).LastSequence);
    }

    [Fact]
    public async Task AppendAsync_WhenStalePutLocally_RejectsAndDoesNotJournal()
    {
        await Store.AppendAsync("orders", "r1", [Put("a", 5, "new")], [], 100, true, None);

        var outcome = await Store.AppendAsync("orders", "r2", [Put("a", 4, "old")], [], 100, true, None);

        Assert.Equal(1, outcome.Result.Rejected);
        Assert.Equal(0, outcome.Result.Journaled);
        Assert.Equal("new", (await Store.GetRecordAsync("orders", "a", None))!.Fields["name"]);
        var history = await Store.GetHistoryAsync("orders", "a", 10, None);
        Assert.Equal([ChangeOutcome.RejectedStalePut, ChangeOutcome.Inserted], history.Select(h => h.Outcome));
    }

    [Fact]
    public async Task AppendAsync_WhenOnceADayRule_JournalsFirstChangeOfTheDayOnly()
    {
        SelectionRule[] rules = [new("onceaday", ["lastAccess"], ["password"], SelectionAction.OncePerKeyPerDay)];
        await Store.AppendAsync("users", "r0", [JournalChange.Put("u1", T0, new() { ["lastAccess"] = "0", ["password"] = "p" })], rules, 100, true, None);

        var sameDay = await Store.AppendAsync("users", "r1", [
            JournalChange.Patch("u1", T0.AddHours(1), new() { ["lastAccess"] = "1" }),
            JournalChange.Patch("u1", T0.AddHours(2), new() { ["lastAccess"] = "2" }),
            JournalChange.Patch("u1", T0.AddHours(3), new() { ["lastAccess"] = "3", ["password"] = "q" }),
        ], rules, 100, true, None);
        var nextDay = await Store.AppendAsync("users", "r2", [JournalChange.Patch("u1", T0.AddDays(1), new() { ["lastAccess"] = "4" })], rules, 100, true, None);

        Assert.Equal((2, 1), (sameDay.Result.Journaled, sameDay.Result.Filtered));
        Assert.Equal(1, nextDay.Result.Journaled);
        Assert.Equal("4", (await Store.GetRecordAsync("users", "u1", None))!.Fields["lastAccess"]);
    }

    [Fact]
    public async Task ReceiveAsync_WhenBatchSentTwice_AppliesOnce()
    {
        JournalEntry[] batch = [new(1, Put("a", 1)), new(2, JournalChange.Patch("a", T0.AddMinutes(2), new() { ["n"] = "1" }))];

        var first = await Store.ReceiveAsync("orders@PROD", batch, None);
        var second = await Store.ReceiveAsync("orders@PROD", batch, None);

        Assert.Equal((2L, 2, 0), (first.Result.LastApplied, first.Result.Applied, first.Result.Duplicates));
        Assert.Equal((2L, 0, 2), (second.Result.LastApplied, second.Result.Applied, second.Result.Duplicates));
        Assert.Equal(2, (await Store.GetHistoryAsync("orders@PROD", "a", 10, None)).Count);
    }

    [Fact]
    public async Task ReceiveAsync_WhenBatchSkipsSequences_RefusesIt()
    {
        await Store.ReceiveAsync("orders@PROD", [new(1, Put("a", 1))], None);

        var outcome = await Store.ReceiveAsync("orders@PROD", [new(3, Put("b", 1))], None);

        Assert.True(outcome.Result.GapRefused);
        Assert.Equal(1, outcome.Result.LastApplied);
        Assert.Null(await Store.GetRecordAsync("orders@PROD", "b", None));
    }

    [Fact]
    public async Task ReceiveAsync_WhenStalePutAndDelete_RejectsCountsAndLogsActivity()
    {
        await Store.ReceiveAsync("orders@PROD", [new(1, Put("a", 10, "new"))], None);

        var outcome = await Store.ReceiveAsync("orders@PROD", [new(2, Put("a", 9, "old")), new(3, JournalChange.Delete("a", T0.AddMinutes(10)))], None);

        Assert.Equal(2, outcome.Result.Rejected);
        Assert.Equal(3, outcome.Result.LastApplied);
        var status = await Store.GetRemoteStatusAsync("orders@PROD", None);
        Assert.Equal((1L, 1L), (status.RejectedPuts, status.RejectedDeletes));
        var rejected = await Store.QueryActivityAsync(new ActivityQuery("orders@PROD", Key: "a"), None);
        Assert.Equal(2, rejected.Count(a => a.Kind == ActivityKind.Rejected));
        Assert.Equal("new", (await Store.GetRecordAsync("orders@PROD", "a", None))!.Fields["name"]);
    }

    [Fact]
    public async Task RecordShipmentAsync_WhenReceiverAcknowledgesPart_KeepsRestAcrossReopen()
    {
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        await Store.AppendAsync("orders", "r1", [Put("a", 1), Put("b", 1), Put("c", 1)], [], 100, true, None);

        await Store.RecordShipmentAsync("orders", new("BACKUP", 1, 2, T0, new RemoteReceiveResult(2, 2, 0, 0, false), null), None);
        await ReopenAsync();

        var state = await Store.GetLocalStateAsync("orders", None);
        Assert.Equal(2, state.Receivers.Single().Acknowledged);
        Assert.Equal([3L], (await Store.ReadEntriesAsync("orders", 2, 10, long.MaxValue, None)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task RecordShipmentAsync_WhenEveryReceiverIsCurrent_DropsTheEntries()
    {
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        await Store.AppendAsync("orders", "r1", [Put("a", 1), Put("b", 1), Put("c", 1)], [], 100, true, None);

        await Store.RecordShipmentAsync("orders", new("BACKUP", 1, 3, T0, new RemoteReceiveResult(3, 3, 0, 0, false), null), None);

        Assert.Empty(await Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None));
        var activity = await Store.QueryActivityAsync(new ActivityQuery("orders"), None);
        Assert.Equal([ActivityKind.Accepted, ActivityKind.Sent], activity.Select(a => a.Kind));
    }

    [Fact]
    public async Task ListKeysAsync_WhenPrefixGiven_ReturnsMatchingKeysInPages()
    {
        await Store.AppendAsync("orders", "r1", [Put("a1", 1), Put("b1", 1), Put("b2", 1), Put("b3", 1), Put("c1", 1)], [], 100, false, None);

        var page1 = await Store.ListKeysAsync("orders", "b", null, 2, None);
        var page2 = await Store.ListKeysAsync("orders", "b", page1[^1], 2, None);

        Assert.Equal(["b1", "b2"], page1);
        Assert.Equal(["b3"], page2);
    }

    [Fact]
    public async Task AppendAsync_WhenManyConcurrentAppends_AllDurableWithDistinctSequences()
    {
        var appends = Enumerable.Range(0, 50)
            .Select(i => Store.AppendAsync("orders", $"r{i}", [Put($"k{i}", 1)], [], 100, true, None))
            .ToList();

        var results = await Task.WhenAll(appends);
        await ReopenAsync();

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), results.Select(r => r.Result.FirstSequence).Order());
        Assert.Equal(50, (await Store.GetLocalStateAsync("orders", None)).LastSequence);
    }

    [Fact]
    public async Task PruneTimer_WhenHistoryActivityAndMarksPassTheirRetention_DeletesThemAndKeepsEntriesAndRecords()
    {
        var clock = new FakeTimeProvider(T0);
        await ReopenAsync(clock);
        var onceADay = new SelectionRule("touch", ["lastAccess"], [], SelectionAction.OncePerKeyPerDay, "UTC");
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        await Store.AppendAsync("orders", "r1", [Put("a", 1)], [onceADay], 100, true, None);
        await Store.AppendAsync("orders", "r2", [JournalChange.Patch("a", T0.AddMinutes(2), new() { ["lastAccess"] = "now" })], [onceADay], 100, true, None);
        await Store.AddActivityAsync(new ActivityEntry(clock.GetUtcNow(), "orders", "BACKUP", null, 1, 1, ActivityKind.Sent, "sent 1"), None);

        clock.Advance(TimeSpan.FromDays(29));
        var early = await LastPruneAsync(Store);
        clock.Advance(TimeSpan.FromDays(2));
        var late = await LastPruneAsync(Store);

        Assert.Equal((0, 0, 1), (early.History, early.Activity, early.Marks));
        Assert.Equal((2, 1, 0), (late.History, late.Activity, late.Marks));
        Assert.Empty(await Store.GetHistoryAsync("orders", "a", 10, None));
        Assert.Empty(await Store.QueryActivityAsync(new OrleansHa.Journals.ActivityQuery("orders"), None));
        Assert.NotNull(await Store.GetRecordAsync("orders", "a", None));
        Assert.Equal(2, (await Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None)).Count);
    }

    [Fact]
    public async Task ReadEntriesAsync_WhenEntriesOutgrowTheByteBudget_StopsBeforeItButAlwaysReturnsTheFirst()
    {
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        var big = new string('x', 10_000);
        await Store.AppendAsync("orders", "r1", [.. Enumerable.Range(0, 5).Select(i => JournalChange.Put($"k{i}", T0.AddMinutes(i), new() { ["blob"] = big }))], [], 100, true, None);
        var one = JournalEntrySize.Of(JournalChange.Put("k0", T0, new() { ["blob"] = big }));

        var page = await Store.ReadEntriesAsync("orders", 0, 100, (2 * one) + 1, None);
        var tooSmall = await Store.ReadEntriesAsync("orders", 2, 100, one / 2, None);

        Assert.Equal([1L, 2L], page.Select(e => e.Sequence));
        Assert.Equal([3L], tooSmall.Select(e => e.Sequence));
    }
}
