using Microsoft.Extensions.Time.Testing;
using OrleansHa.Journals;
using OrleansHa.Systems;

namespace OrleansHa.Storage.Tests.Journals;

public sealed class SqliteJournalStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    private static JournalDefinition OneReceiver(long limit = 1000)
        => new([new RemoteSystemAddress("BACKUP", "127.0.0.1:1", "backup")], [], limit);

    private static JournalChange Put(string key, int minute, string name = "x")
        => JournalChange.Put(key, T0.AddMinutes(minute), new() { ["name"] = name });

    [Fact]
    public async Task AppendAsync_WhenSameRequestIdRetried_StoresOnceAndReturnsOriginalAnswer()
    {
        await _temp.Store.SaveDefinitionAsync("orders", OneReceiver(), None);

        var first = await _temp.Store.AppendAsync("orders", "req-1", [Put("a", 1), Put("b", 1)], [], 100, true, None);
        var again = await _temp.Store.AppendAsync("orders", "req-1", [Put("a", 1), Put("b", 1)], [], 100, true, None);

        Assert.Equal((1L, 2L), (first.Result.FirstSequence, first.Result.LastSequence));
        Assert.True(again.Result.Duplicate);
        Assert.Equal((1L, 2L), (again.Result.FirstSequence, again.Result.LastSequence));
        Assert.Equal(2, (await _temp.Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None)).Count);
    }

    [Fact]
    public async Task AppendAsync_WhenMoreThanAllowed_RefusesAndStoresNothing()
    {
        await _temp.Store.SaveDefinitionAsync("orders", OneReceiver(), None);

        var outcome = await _temp.Store.AppendAsync("orders", "req-1", [Put("a", 1), Put("b", 1), Put("c", 1)], [], 2, true, None);

        Assert.False(outcome.Result.Accepted);
        Assert.Equal(3, outcome.WouldJournal);
        Assert.Null(await _temp.Store.GetRecordAsync("orders", "a", None));
        Assert.Equal(0, (await _temp.Store.GetLocalStateAsync("orders", None)).LastSequence);
    }

    [Fact]
    public async Task AppendAsync_WhenStalePutLocally_RejectsAndDoesNotJournal()
    {
        await _temp.Store.AppendAsync("orders", "r1", [Put("a", 5, "new")], [], 100, true, None);

        var outcome = await _temp.Store.AppendAsync("orders", "r2", [Put("a", 4, "old")], [], 100, true, None);

        Assert.Equal(1, outcome.Result.Rejected);
        Assert.Equal(0, outcome.Result.Journaled);
        Assert.Equal("new", (await _temp.Store.GetRecordAsync("orders", "a", None))!.Fields["name"]);
        var history = await _temp.Store.GetHistoryAsync("orders", "a", 10, None);
        Assert.Equal([ChangeOutcome.RejectedStalePut, ChangeOutcome.Inserted], history.Select(h => h.Outcome));
    }

    [Fact]
    public async Task AppendAsync_WhenOnceADayRule_JournalsFirstChangeOfTheDayOnly()
    {
        SelectionRule[] rules = [new("onceaday", ["lastAccess"], ["password"], SelectionAction.OncePerKeyPerDay)];
        await _temp.Store.AppendAsync("users", "r0", [JournalChange.Put("u1", T0, new() { ["lastAccess"] = "0", ["password"] = "p" })], rules, 100, true, None);

        var sameDay = await _temp.Store.AppendAsync("users", "r1", [
            JournalChange.Patch("u1", T0.AddHours(1), new() { ["lastAccess"] = "1" }),
            JournalChange.Patch("u1", T0.AddHours(2), new() { ["lastAccess"] = "2" }),
            JournalChange.Patch("u1", T0.AddHours(3), new() { ["lastAccess"] = "3", ["password"] = "q" }),
        ], rules, 100, true, None);
        var nextDay = await _temp.Store.AppendAsync("users", "r2", [JournalChange.Patch("u1", T0.AddDays(1), new() { ["lastAccess"] = "4" })], rules, 100, true, None);

        Assert.Equal((2, 1), (sameDay.Result.Journaled, sameDay.Result.Filtered));
        Assert.Equal(1, nextDay.Result.Journaled);
        Assert.Equal("4", (await _temp.Store.GetRecordAsync("users", "u1", None))!.Fields["lastAccess"]);
    }

    [Fact]
    public async Task ReceiveAsync_WhenBatchSentTwice_AppliesOnce()
    {
        JournalEntry[] batch = [new(1, Put("a", 1)), new(2, JournalChange.Patch("a", T0.AddMinutes(2), new() { ["n"] = "1" }))];

        var first = await _temp.Store.ReceiveAsync("orders@PROD", batch, None);
        var second = await _temp.Store.ReceiveAsync("orders@PROD", batch, None);

        Assert.Equal((2L, 2, 0), (first.Result.LastApplied, first.Result.Applied, first.Result.Duplicates));
        Assert.Equal((2L, 0, 2), (second.Result.LastApplied, second.Result.Applied, second.Result.Duplicates));
        Assert.Equal(2, (await _temp.Store.GetHistoryAsync("orders@PROD", "a", 10, None)).Count);
    }

    [Fact]
    public async Task ReceiveAsync_WhenBatchSkipsSequences_RefusesIt()
    {
        await _temp.Store.ReceiveAsync("orders@PROD", [new(1, Put("a", 1))], None);

        var outcome = await _temp.Store.ReceiveAsync("orders@PROD", [new(3, Put("b", 1))], None);

        Assert.True(outcome.Result.GapRefused);
        Assert.Equal(1, outcome.Result.LastApplied);
        Assert.Null(await _temp.Store.GetRecordAsync("orders@PROD", "b", None));
    }

    [Fact]
    public async Task ReceiveAsync_WhenStalePutAndDelete_RejectsCountsAndLogsActivity()
    {
        await _temp.Store.ReceiveAsync("orders@PROD", [new(1, Put("a", 10, "new"))], None);

        var outcome = await _temp.Store.ReceiveAsync("orders@PROD", [new(2, Put("a", 9, "old")), new(3, JournalChange.Delete("a", T0.AddMinutes(10)))], None);

        Assert.Equal(2, outcome.Result.Rejected);
        Assert.Equal(3, outcome.Result.LastApplied);
        var status = await _temp.Store.GetRemoteStatusAsync("orders@PROD", None);
        Assert.Equal((1L, 1L), (status.RejectedPuts, status.RejectedDeletes));
        var rejected = await _temp.Store.QueryActivityAsync(new ActivityQuery("orders@PROD", Key: "a"), None);
        Assert.Equal(2, rejected.Count(a => a.Kind == ActivityKind.Rejected));
        Assert.Equal("new", (await _temp.Store.GetRecordAsync("orders@PROD", "a", None))!.Fields["name"]);
    }

    [Fact]
    public async Task RecordShipmentAsync_WhenReceiverAcknowledgesPart_KeepsRestAcrossReopen()
    {
        await _temp.Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        await _temp.Store.AppendAsync("orders", "r1", [Put("a", 1), Put("b", 1), Put("c", 1)], [], 100, true, None);

        await _temp.Store.RecordShipmentAsync("orders", new("BACKUP", 1, 2, T0, new RemoteReceiveResult(2, 2, 0, 0, false), null), None);
        _temp.Reopen();

        var state = await _temp.Store.GetLocalStateAsync("orders", None);
        Assert.Equal(2, state.Receivers.Single().Acknowledged);
        Assert.Equal([3L], (await _temp.Store.ReadEntriesAsync("orders", 2, 10, long.MaxValue, None)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task RecordShipmentAsync_WhenEveryReceiverIsCurrent_DropsTheEntries()
    {
        await _temp.Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        await _temp.Store.AppendAsync("orders", "r1", [Put("a", 1), Put("b", 1), Put("c", 1)], [], 100, true, None);

        await _temp.Store.RecordShipmentAsync("orders", new("BACKUP", 1, 3, T0, new RemoteReceiveResult(3, 3, 0, 0, false), null), None);

        Assert.Empty(await _temp.Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None));
        var activity = await _temp.Store.QueryActivityAsync(new ActivityQuery("orders"), None);
        Assert.Equal([ActivityKind.Accepted, ActivityKind.Sent], activity.Select(a => a.Kind));
    }

    [Fact]
    public async Task ListKeysAsync_WhenPrefixGiven_ReturnsMatchingKeysInPages()
    {
        await _temp.Store.AppendAsync("orders", "r1", [Put("a1", 1), Put("b1", 1), Put("b2", 1), Put("b3", 1), Put("c1", 1)], [], 100, false, None);

        var page1 = await _temp.Store.ListKeysAsync("orders", "b", null, 2, None);
        var page2 = await _temp.Store.ListKeysAsync("orders", "b", page1[^1], 2, None);

        Assert.Equal(["b1", "b2"], page1);
        Assert.Equal(["b3"], page2);
    }

    [Fact]
    public async Task AppendAsync_WhenManyConcurrentAppends_AllDurableWithDistinctSequences()
    {
        var appends = Enumerable.Range(0, 50)
            .Select(i => _temp.Store.AppendAsync("orders", $"r{i}", [Put($"k{i}", 1)], [], 100, true, None))
            .ToList();

        var results = await Task.WhenAll(appends);
        _temp.Reopen();

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), results.Select(r => r.Result.FirstSequence).Order());
        Assert.Equal(50, (await _temp.Store.GetLocalStateAsync("orders", None)).LastSequence);
    }

    [Fact]
    public async Task PruneTimer_WhenHistoryActivityAndMarksPassTheirRetention_DeletesThemAndKeepsEntriesAndRecords()
    {
        var clock = new FakeTimeProvider(T0);
        using var temp = new TempStore(clock);
        var onceADay = new SelectionRule("touch", ["lastAccess"], [], SelectionAction.OncePerKeyPerDay, "UTC");
        await temp.Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        await temp.Store.AppendAsync("orders", "r1", [Put("a", 1)], [onceADay], 100, true, None);
        await temp.Store.AppendAsync("orders", "r2", [JournalChange.Patch("a", T0.AddMinutes(2), new() { ["lastAccess"] = "now" })], [onceADay], 100, true, None);
        await temp.Store.AddActivityAsync(new ActivityEntry(clock.GetUtcNow(), "orders", "BACKUP", null, 1, 1, ActivityKind.Sent, "sent 1"), None);

        clock.Advance(TimeSpan.FromDays(29));
        var early = await temp.Store.LastPrune!;
        clock.Advance(TimeSpan.FromDays(2));
        var late = await temp.Store.LastPrune!;

        Assert.Equal((0, 0, 1), (early.History, early.Activity, early.Marks));
        Assert.Equal((2, 1, 0), (late.History, late.Activity, late.Marks));
        Assert.Empty(await temp.Store.GetHistoryAsync("orders", "a", 10, None));
        Assert.Empty(await temp.Store.QueryActivityAsync(new OrleansHa.Journals.ActivityQuery("orders"), None));
        Assert.NotNull(await temp.Store.GetRecordAsync("orders", "a", None));
        Assert.Equal(2, (await temp.Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None)).Count);
    }

    [Fact]
    public async Task ReadEntriesAsync_WhenEntriesOutgrowTheByteBudget_StopsBeforeItButAlwaysReturnsTheFirst()
    {
        await _temp.Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        var big = new string('x', 10_000);
        await _temp.Store.AppendAsync("orders", "r1", [.. Enumerable.Range(0, 5).Select(i => JournalChange.Put($"k{i}", T0.AddMinutes(i), new() { ["blob"] = big }))], [], 100, true, None);
        var one = JournalEntrySize.Of(JournalChange.Put("k0", T0, new() { ["blob"] = big }));

        var page = await _temp.Store.ReadEntriesAsync("orders", 0, 100, (2 * one) + 1, None);
        var tooSmall = await _temp.Store.ReadEntriesAsync("orders", 2, 100, one / 2, None);

        Assert.Equal([1L, 2L], page.Select(e => e.Sequence));
        Assert.Equal([3L], tooSmall.Select(e => e.Sequence));
    }
}
