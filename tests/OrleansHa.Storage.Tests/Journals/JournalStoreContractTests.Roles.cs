using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Systems;

namespace OrleansHa.Storage.Tests.Journals;

/// <summary>The role operations every store must do alike: epochs, taking over a replica, becoming one, the divergence list.</summary>
public abstract partial class JournalStoreContractTests
{
    /// <summary>Journal 'orders' shipping to <paramref name="receiver"/>.</summary>
    protected static JournalDefinition ReceiverOf(string receiver) => new([new RemoteSystemAddress(receiver, "127.0.0.1:1", receiver.ToLowerInvariant())], [], 1000);

    /// <summary>Replica orders@PROD holding a, b, c after five entries (sequences 1 to 5).</summary>
    private async Task FillReplicaAsync()
        => await Store.ReceiveAsync("orders@PROD", [new(1, Put("a", 1)), new(2, Put("b", 1)), new(3, Put("c", 1)), new(4, Put("a", 2, "a2")), new(5, JournalChange.Delete("b", T0.AddMinutes(3)))], None);

    /// <summary>Local 'orders' (receiver BACKUP) at epoch 1 with k1..k5 (sequences 1 to 5), BACKUP acknowledging up to 3.</summary>
    private async Task FillProductionAsync()
    {
        await Store.SaveDefinitionAsync("orders", ReceiverOf("BACKUP"), None);
        await Store.SetEpochAsync("orders", 1, None);
        await Store.AppendAsync("orders", "r1", [.. Enumerable.Range(1, 5).Select(i => Put($"k{i}", i))], [], 100, true, None);
        await Store.RecordShipmentAsync("orders", new("BACKUP", 1, 3, T0, new RemoteReceiveResult(3, 3, 0, 0, false), null), None);
    }

    [Fact]
    public async Task AppendAsync_WhenEpochSet_LaterEntriesCarryItAcrossReopen()
    {
        await Store.SaveDefinitionAsync("orders", OneReceiver(), None);
        await Store.AppendAsync("orders", "r1", [Put("a", 1)], [], 100, true, None);

        await Store.SetEpochAsync("orders", 3, None);
        await Store.AppendAsync("orders", "r2", [Put("b", 1)], [], 100, true, None);
        await ReopenAsync();

        Assert.Equal([(1L, 0L), (2L, 3L)], (await Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None)).Select(e => (e.Sequence, e.Epoch)));
        Assert.Equal(3, (await Store.GetLocalStateAsync("orders", None)).Epoch);
    }

    [Fact]
    public async Task AdoptReplicaAsync_WhenReplicaHoldsRecords_LocalCopyBecomesItsAndAppendsContinueAfterIt()
    {
        await FillReplicaAsync();
        await Store.SaveDefinitionAsync("orders", ReceiverOf("PROD"), None);
        await Store.AppendAsync("orders", "stale", [Put("z", 0)], [], 100, false, None);

        var fence = await Store.AdoptReplicaAsync("orders", "orders@PROD", 2, None);
        var next = await Store.AppendAsync("orders", "r1", [Put("d", 9)], [], 100, true, None);

        Assert.Equal(5, fence);
        Assert.Equal(["a", "c", "d"], await Store.ListKeysAsync("orders", "", null, 10, None));
        Assert.Equal("a2", (await Store.GetRecordAsync("orders", "a", None))!.Fields["name"]);
        Assert.Equal(6, next.Result.FirstSequence);
        Assert.Equal([(6L, 2L)], (await Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None)).Select(e => (e.Sequence, e.Epoch)));
        var state = await Store.GetLocalStateAsync("orders", None);
        Assert.Equal((6L, 2L, 5L), (state.LastSequence, state.Epoch, state.Receivers.Single().Acknowledged));
        Assert.Equal(["a", "c"], await Store.ListKeysAsync("orders@PROD", "", null, 10, None));
        Assert.Contains(await Store.QueryActivityAsync(new ActivityQuery("orders"), None), a => a.Kind == ActivityKind.Role && a.System == "PROD" && a.LastSequence == 5);
    }

    [Fact]
    public async Task AdoptReplicaAsync_WhenRepeatedAtTheSameEpoch_AnswersAsBeforeAndChangesNothing()
    {
        await FillReplicaAsync();
        await Store.SaveDefinitionAsync("orders", ReceiverOf("PROD"), None);
        await Store.SetEpochAsync("orders", 2, None);
        await Store.AdoptReplicaAsync("orders", "orders@PROD", 2, None);
        await Store.AppendAsync("orders", "r1", [Put("d", 9)], [], 100, true, None);

        var again = await Store.AdoptReplicaAsync("orders", "orders@PROD", 2, None);

        Assert.Equal(5, again);
        Assert.Equal(6, (await Store.GetLocalStateAsync("orders", None)).LastSequence);
        Assert.NotNull(await Store.GetRecordAsync("orders", "d", None));
        Assert.Single(await Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None));
    }

    [Fact]
    public async Task AdoptReplicaAsync_WhenTheJournalIsNotDefined_RefusesNamingIt()
    {
        await FillReplicaAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AdoptReplicaAsync("orders", "orders@PROD", 2, None));

        Assert.Contains("Journal 'orders' is not defined", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await Store.GetLocalStateAsync("orders", None)).LastSequence);
    }

    [Fact]
    public async Task AdoptReplicaAsync_WhenTheJournalHasEntriesPastTheReplica_RefusesAndChangesNothing()
    {
        await Store.ReceiveAsync("orders@PROD", [new(1, Put("a", 1))], None);
        await Store.SaveDefinitionAsync("orders", ReceiverOf("PROD"), None);
        await Store.AppendAsync("orders", "r1", [Put("x", 1), Put("y", 1)], [], 100, true, None);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AdoptReplicaAsync("orders", "orders@PROD", 2, None));

        Assert.Contains("assigned sequences up to 2, past the replica's last applied 1", refused.Message, StringComparison.Ordinal);
        var state = await Store.GetLocalStateAsync("orders", None);
        Assert.Equal((2L, 0L), (state.LastSequence, state.Epoch));
        Assert.Equal(["x", "y"], await Store.ListKeysAsync("orders", "", null, 10, None));
        Assert.Equal(2, (await Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None)).Count);
    }

    [Fact]
    public async Task AdoptReplicaAsync_WhenTheJournalIsAtANewerEpoch_Refuses()
    {
        await FillReplicaAsync();
        await Store.SaveDefinitionAsync("orders", ReceiverOf("PROD"), None);
        await Store.SetEpochAsync("orders", 4, None);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AdoptReplicaAsync("orders", "orders@PROD", 3, None));

        Assert.Contains("older epoch 3", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await Store.GetLocalStateAsync("orders", None)).LastSequence);
    }

    [Fact]
    public async Task AdoptReplicaAsync_WhenTheReplicaIsNotThisJournals_RefusesNamingTheForm()
    {
        await Store.SaveDefinitionAsync("orders", ReceiverOf("PROD"), None);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Store.AdoptReplicaAsync("orders", "invoices@PROD", 2, None));

        Assert.Contains("'orders@SYSTEM'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BecomeReplicaAsync_WhenEntriesPastTheFence_ListsThemAndHandsTheCopyToTheReplica()
    {
        await FillProductionAsync();

        var listed = await Store.BecomeReplicaAsync("orders", "orders@BACKUP", 3, 2, None);

        Assert.Equal([(4L, 1L, "k4"), (5L, 1L, "k5")], listed.Select(d => (d.Sequence, d.Epoch, d.Change.Key)));
        Assert.Empty(await Store.ReadEntriesAsync("orders", 0, 10, long.MaxValue, None));
        var state = await Store.GetLocalStateAsync("orders", None);
        Assert.Equal((3L, 2L, 3L), (state.LastSequence, state.Epoch, state.Receivers.Single().Acknowledged));
        Assert.Equal(3, (await Store.GetRemoteStatusAsync("orders@BACKUP", None)).LastApplied);
        Assert.Equal(["k1", "k2", "k3", "k4", "k5"], await Store.ListKeysAsync("orders@BACKUP", "", null, 10, None));
        var open = await Store.ListDivergenceAsync("orders", null, 100, None);
        Assert.Equal([(4L, 1L, "k4", "x"), (5L, 1L, "k5", "x")], open.Select(d => (d.Sequence, d.Epoch, d.Change.Key, d.Change.Fields!["name"])));
        Assert.Equal(2, await Store.CountDivergenceAsync("orders", None));
        Assert.Contains(await Store.QueryActivityAsync(new ActivityQuery("orders", Key: "k4"), None), a => a.Kind == ActivityKind.Diverged && a.FirstSequence == 4);

        // Shipping from the new production continues right after the fence.
        var received = await Store.ReceiveAsync("orders@BACKUP", [new(4, Put("n4", 10), 2)], None);
        Assert.Equal((4L, 1, false), (received.Result.LastApplied, received.Result.Applied, received.Result.GapRefused));
    }

    [Fact]
    public async Task BecomeReplicaAsync_WhenTheGateWasPushedFirst_StillMakesTheChange()
    {
        await FillProductionAsync();
        await Store.SetEpochAsync("orders", 2, None);

        var listed = await Store.BecomeReplicaAsync("orders", "orders@BACKUP", 3, 2, None);

        Assert.Equal(2, listed.Count);
        Assert.Equal(3, (await Store.GetRemoteStatusAsync("orders@BACKUP", None)).LastApplied);
    }

    [Fact]
    public async Task BecomeReplicaAsync_WhenRepeatedAtTheSameEpoch_ListsNothingAndChangesNothing()
    {
        await FillProductionAsync();
        await Store.BecomeReplicaAsync("orders", "orders@BACKUP", 3, 2, None);
        await Store.ReceiveAsync("orders@BACKUP", [new(4, Put("n4", 10), 2)], None);

        var again = await Store.BecomeReplicaAsync("orders", "orders@BACKUP", 3, 2, None);
        await ReopenAsync();

        Assert.Empty(again);
        Assert.Equal(4, (await Store.GetRemoteStatusAsync("orders@BACKUP", None)).LastApplied);
        Assert.NotNull(await Store.GetRecordAsync("orders@BACKUP", "n4", None));
        Assert.Equal(2, await Store.CountDivergenceAsync("orders", None));
    }

    [Fact]
    public async Task BecomeReplicaAsync_WhenTheFenceIsPastTheLastSequence_RefusesAndChangesNothing()
    {
        await FillProductionAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.BecomeReplicaAsync("orders", "orders@BACKUP", 9, 2, None));

        Assert.Contains("only up to 5", refused.Message, StringComparison.Ordinal);
        Assert.Equal(5, (await Store.GetLocalStateAsync("orders", None)).LastSequence);
        Assert.Equal(0, await Store.CountDivergenceAsync(null, None));
    }

    [Fact]
    public async Task BecomeReplicaAsync_WhenTheJournalAlreadyAdoptedAtThatEpoch_Refuses()
    {
        await FillReplicaAsync();
        await Store.SaveDefinitionAsync("orders", ReceiverOf("PROD"), None);
        await Store.AdoptReplicaAsync("orders", "orders@PROD", 2, None);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.BecomeReplicaAsync("orders", "orders@PROD", 5, 2, None));

        Assert.Contains("already made its role change of epoch 2", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveDivergenceAsync_WhenDiscarded_ClosesEachOnceWithActivityNamingWho()
    {
        await FillProductionAsync();
        await Store.BecomeReplicaAsync("orders", "orders@BACKUP", 3, 2, None);

        var closed = await Store.ResolveDivergenceAsync("orders", [4], DivergenceAction.Discard, "alice", None);
        var again = await Store.ResolveDivergenceAsync("orders", [4], DivergenceAction.Reapply, "bob", None);

        Assert.Equal((1, 0), (closed, again));
        Assert.Equal([5L], (await Store.ListDivergenceAsync("orders", null, 100, None)).Select(d => d.Sequence));
        Assert.Equal(1, await Store.CountDivergenceAsync(null, None));
        var line = Assert.Single(await Store.QueryActivityAsync(new ActivityQuery("orders", Key: "k4"), None), a => a.Kind == ActivityKind.Discarded);
        Assert.Contains("alice", line.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListDivergenceAsync_WhenTwoRoleChangesListedTheSameSequences_ListsOldestFirstAndResolvesEachOnce()
    {
        await FillProductionAsync();
        await Store.BecomeReplicaAsync("orders", "orders@BACKUP", 3, 2, None);
        await Store.ReceiveAsync("orders@BACKUP", [new(4, Put("b4", 20), 2)], None);
        await Store.AdoptReplicaAsync("orders", "orders@BACKUP", 3, None);
        await Store.AppendAsync("orders", "r2", [Put("k5", 30, "again")], [], 100, true, None);
        await Store.BecomeReplicaAsync("orders", "orders@BACKUP", 4, 4, None);

        var listed = await Store.ListDivergenceAsync("orders", "k5", 100, None);
        var closed = await Store.ResolveDivergenceAsync("orders", [5, 5], DivergenceAction.Reapply, "alice", None);

        Assert.Equal([(5L, 1L), (5L, 3L)], listed.Select(d => (d.Sequence, d.Epoch)));
        Assert.Equal(2, closed);
        Assert.Equal([4L], (await Store.ListDivergenceAsync("orders", null, 100, None)).Select(d => d.Sequence));
    }

    [Fact]
    public async Task SetRecordAsync_WhenSetAndRemoved_WritesTheCopyWithHistoryAndTheReason()
    {
        await Store.ReceiveAsync("orders@BACKUP", [new(1, Put("a", 1)), new(2, Put("b", 1))], None);

        await Store.SetRecordAsync("orders@BACKUP", "a", new JournalRecord("a", new() { ["name"] = "restored" }, T0), "restored from PROD's copy", None);
        await Store.SetRecordAsync("orders@BACKUP", "b", null, "missing on PROD", None);

        Assert.Equal(("restored", T0), ((await Store.GetRecordAsync("orders@BACKUP", "a", None))!.Fields["name"], (await Store.GetRecordAsync("orders@BACKUP", "a", None))!.Timestamp));
        Assert.Null(await Store.GetRecordAsync("orders@BACKUP", "b", None));
        Assert.Equal([ChangeOutcome.Replaced, ChangeOutcome.Inserted], (await Store.GetHistoryAsync("orders@BACKUP", "a", 10, None)).Select(h => h.Outcome));
        Assert.Equal(ChangeOutcome.Deleted, (await Store.GetHistoryAsync("orders@BACKUP", "b", 10, None))[0].Outcome);
        Assert.Contains(await Store.QueryActivityAsync(new ActivityQuery("orders@BACKUP", Key: "b"), None), a => a.Kind == ActivityKind.Role && a.Detail == "missing on PROD");
        Assert.Equal(2, (await Store.GetRemoteStatusAsync("orders@BACKUP", None)).LastApplied);
    }

    [Fact]
    public async Task SetRecordAsync_WhenTheReasonIsMissing_RefusesAndWritesNothing()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Store.SetRecordAsync("orders", "a", new JournalRecord("a", [], T0), " ", None));

        Assert.Contains("needs a reason", refused.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetRecordAsync("orders", "a", None));
    }
}
