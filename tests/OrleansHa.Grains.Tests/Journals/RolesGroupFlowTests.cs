using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>The journals under the group grain's own role calls: BACKUP promoted at epoch 2, PROD learning it.</summary>
public sealed class RolesGroupFlowTests(RolesGroupedFixture systems) : IClassFixture<RolesGroupedFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static JournalChange Put(string key, string value) => JournalChange.Put(key, T0, new() { ["v"] = value });

    private IHaGroupGrain Group(string system)
    {
        CallerPrincipal.ActAs("admin", administrator: true);
        return systems.System(system).Client.GetGrain<IHaGroupGrain>(HaGroups.Default);
    }

    [Fact]
    public async Task PromoteAndLearnEpoch_WhenDrained_NewProductionShipsBackFromTheFenceWithoutDivergence()
    {
        await systems.DefineJournalAsync("PROD", "ledger");
        await systems.DefineJournalAsync("BACKUP", "ledger");
        await systems.Journal("PROD", "ledger").AppendAsync("p1", [Put("a", "1"), Put("b", "1"), Put("c", "1")]);
        await systems.StatusWhenAsync("PROD", "ledger", s => s.Receivers.Single().Acknowledged == 3, "BACKUP to acknowledge 3");

        var fences = await Group("BACKUP").PromoteAsync(2, "PROD");
        var appended = await systems.Journal("BACKUP", "ledger").AppendAsync("b1", [Put("d", "2")]);
        var learned = await Group("PROD").LearnEpochAsync(2, "BACKUP", fences);
        await systems.StatusWhenAsync("BACKUP", "ledger", s => s.Receivers.Single().Acknowledged == 4, "PROD to acknowledge 4");
        var refused = await Assert.ThrowsAsync<WritesRefusedException>(() => systems.Journal("PROD", "ledger").AppendAsync("p2", [Put("e", "1")]));
        var replica = systems.Replica("PROD", "ledger@BACKUP");

        Assert.Equal([new JournalFence("ledger", 2, 3)], fences);
        Assert.Equal((4L, 4L), (appended.FirstSequence, appended.LastSequence));
        Assert.Equal((2L, "BACKUP"), (learned.Gate.Epoch, learned.Gate.Production));
        Assert.Empty(await systems.Journal("PROD", "ledger").GetDivergenceAsync(null, 10));
        Assert.Equal((4L, 0L), ((await replica.GetStatusAsync()).LastApplied, (await replica.GetStatusAsync()).GapsRefused));
        Assert.Equal("2", (await replica.GetRecordAsync("d"))!.Fields["v"]);
        Assert.Equal(("BACKUP", 2L), (refused.Production, refused.Epoch));
        Assert.Equal(3, (await systems.Journal("PROD", "ledger").GetStatusAsync()).LastSequence);
    }
}
