using OrleansHa.Journals;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>
/// A failover and the former production's return, played through the journal grains' role calls in the order the
/// group grain makes them: BACKUP adopts its replica and becomes production; PROD, which appended while the link was
/// down, is fenced, becomes the replica of BACKUP (its unshipped entries listed as divergence, their keys restored from
/// BACKUP's frozen replica), and receives BACKUP's later entries from the fence on. The group is defined on both sides
/// after the takeover, as BACKUP production (the group grain's epoch changes are not the journals' part).
/// </summary>
public sealed class RolesSwapTests(RolesSystemsFixture systems) : IClassFixture<RolesSystemsFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static JournalChange Put(string key, int minute, string value)
        => JournalChange.Put(key, T0.AddMinutes(minute), new() { ["v"] = value, ["n"] = "1" });

    private static JournalChange Patch(string key, int minute, string field, string value)
        => JournalChange.Patch(key, T0.AddMinutes(minute), new() { [field] = value });

    [Fact]
    public async Task BecomeReplicaAsync_AfterTheBackupAdopted_ListsDivergenceRestoresItsKeysAndShippingGoesOnFromTheFence()
    {
        // No group yet: PROD ships orders 1-5 to BACKUP, which holds the reverse definition.
        await systems.DefineJournalAsync("PROD", "orders");
        await systems.DefineJournalAsync("BACKUP", "orders");
        await systems.Journal("PROD", "orders").AppendAsync("p1", [Put("a", 1, "a"), Put("b", 1, "b"), Put("c", 1, "c"), Put("d", 1, "d"), Put("e", 1, "e")]);
        await systems.StatusWhenAsync("PROD", "orders", s => s.Receivers.Single().Acknowledged == 5, "BACKUP to acknowledge 5");

        // The link breaks; PROD appends 6-8, which BACKUP never receives.
        systems.Connector.Cut("BACKUP", cut: true);
        await systems.Journal("PROD", "orders").AppendAsync("p2", [Patch("b", 2, "n", "prod"), Put("f", 2, "f"), Put("g", 2, "g")]);

        // Failover: BACKUP takes over its replica; both sides then hold BACKUP production.
        var fence = await systems.JournalAsSilo("BACKUP", "orders").AdoptReplicaAsync("PROD", 1);
        var repeated = await systems.JournalAsSilo("BACKUP", "orders").AdoptReplicaAsync("PROD", 1);
        await systems.DefineGroupAsync("BACKUP", "BACKUP");
        await systems.DefineGroupAsync("PROD", "BACKUP");
        // Shipping to PROD waits while PROD rejoins (the group's Rejoining phase holds it there the same way).
        await systems.Journal("BACKUP", "orders").DisableAsync("PROD");
        var taken = await systems.Journal("BACKUP", "orders").AppendAsync("b1", [Put("h", 3, "h"), Patch("b", 3, "v", "b-backup")]);

        // The link is back: PROD ships 6-8 to BACKUP, production now, which fences them.
        systems.Connector.Cut("BACKUP", cut: false);
        await systems.StatusWhenAsync("PROD", "orders", s => s.Receivers.Single().LastError?.StartsWith("fenced", StringComparison.Ordinal) == true, "BACKUP to fence PROD");
        var frozen = await systems.Replica("BACKUP", "orders@PROD").GetStatusAsync();
        var refused = await Assert.ThrowsAsync<WritesRefusedException>(() => systems.Journal("PROD", "orders").AppendAsync("p3", [Put("z", 4, "z")]));

        // PROD becomes the replica while BACKUP is out of reach: the store step is made, the restores are not; the repeat makes them.
        systems.Connector.Cut("BACKUP", cut: true);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => systems.JournalAsSilo("PROD", "orders").BecomeReplicaAsync("BACKUP", fence));
        var unrestored = await systems.Replica("PROD", "orders@BACKUP").GetRecordAsync("f");
        systems.Connector.Cut("BACKUP", cut: false);
        var listedAgain = await systems.JournalAsSilo("PROD", "orders").BecomeReplicaAsync("BACKUP", fence);

        // BACKUP's entries after the fence follow, from 6 on.
        await systems.Journal("BACKUP", "orders").EnableAsync("PROD");
        await systems.StatusWhenAsync("BACKUP", "orders", s => s.Receivers.Single().Acknowledged == 7, "PROD to acknowledge 7");
        var replica = systems.Replica("PROD", "orders@BACKUP");
        var divergence = await systems.Journal("PROD", "orders").GetDivergenceAsync(null, 100);
        var prod = await systems.Journal("PROD", "orders").GetStatusAsync();

        Assert.Equal(new JournalFence("orders", 1, 5), fence);
        Assert.Equal(fence, repeated);
        Assert.Equal((6L, 7L), (taken.FirstSequence, taken.LastSequence));
        Assert.Equal(5, frozen.LastApplied);
        Assert.Null(await systems.Replica("BACKUP", "orders@PROD").GetRecordAsync("f"));
        Assert.Equal("BACKUP", refused.Production);
        Assert.NotNull(unrestored);
        Assert.Equal(0, listedAgain);
        Assert.Equal([(6L, "b", 0L), (7L, "f", 0L), (8L, "g", 0L)], divergence.Select(d => (d.Sequence, d.Change.Key, d.Epoch)));
        Assert.Equal((5L, 5L), (prod.LastSequence, prod.Receivers.Single().Acknowledged));
        var applied = await replica.GetStatusAsync();
        Assert.Equal((7L, 0L), (applied.LastApplied, applied.GapsRefused));
        // b: BACKUP's patch on BACKUP's b as of the fence (n = 1), not on PROD's unshipped patch (n = prod).
        Assert.Equal(new Dictionary<string, string?> { ["v"] = "b-backup", ["n"] = "1" }, (await replica.GetRecordAsync("b"))!.Fields);
        Assert.NotNull(await replica.GetRecordAsync("h"));
        Assert.Null(await replica.GetRecordAsync("f"));
        Assert.Null(await replica.GetRecordAsync("g"));
        Assert.Equal(["a", "b", "c", "d", "e", "h"], await replica.ListKeysAsync(string.Empty, null, 100));

        await ReapplyThenDiscardAsync();
    }

    /// <summary>The divergence of the scenario above: f re-applied through BACKUP's journal, b and g discarded.</summary>
    private async Task ReapplyThenDiscardAsync()
    {
        var journal = systems.Journal("PROD", "orders");
        var dry = await journal.ResolveDivergenceAsync("f", DivergenceAction.Reapply, dryRun: true);
        var reapplied = await systems.Journal("PROD", "orders").ResolveDivergenceAsync("f", DivergenceAction.Reapply, dryRun: false);
        var again = await systems.Journal("PROD", "orders").ResolveDivergenceAsync("f", DivergenceAction.Reapply, dryRun: false);
        await systems.StatusWhenAsync("BACKUP", "orders", s => s.Receivers.Single().Acknowledged == 8, "PROD to acknowledge the re-applied entry");
        var discardDry = await systems.Journal("PROD", "orders").ResolveDivergenceAsync(null, DivergenceAction.Discard, dryRun: true);
        var openAfterDry = await systems.Journal("PROD", "orders").GetDivergenceAsync(null, 100);
        var discarded = await systems.Journal("PROD", "orders").ResolveDivergenceAsync(null, DivergenceAction.Discard, dryRun: false);
        var activity = await systems.Journal("PROD", "orders").GetActivityAsync(null, null, null, 1000);

        Assert.Equal((1, 0, true), (dry.Entries, dry.Applied, dry.DryRun));
        Assert.Equal((1, 1, 0), (reapplied.Entries, reapplied.Applied, reapplied.Rejected));
        Assert.Equal(0, again.Entries);
        Assert.Equal("f", (await systems.Journal("BACKUP", "orders").GetRecordAsync("f"))!.Fields["v"]);
        Assert.Equal(8, (await systems.Journal("BACKUP", "orders").GetStatusAsync()).LastSequence);
        Assert.Equal("f", (await systems.Replica("PROD", "orders@BACKUP").GetRecordAsync("f"))!.Fields["v"]);
        Assert.Equal((2, 2), (discardDry.Entries, discardDry.Discarded));
        Assert.Equal(2, openAfterDry.Length);
        Assert.Equal((2, 2), (discarded.Entries, discarded.Discarded));
        Assert.Empty(await systems.Journal("PROD", "orders").GetDivergenceAsync(null, 100));
        Assert.Null(await systems.Journal("BACKUP", "orders").GetRecordAsync("g"));
        Assert.Contains(activity, a => a.Kind == ActivityKind.Reapplied && a.Key == "f" && a.Detail.Contains("by admin", StringComparison.Ordinal));
        Assert.Equal(2, activity.Count(a => a.Kind == ActivityKind.Discarded));
    }
}
