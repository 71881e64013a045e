using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>
/// A former production learning the newer epoch while the new production is out of reach: its journal's store step is
/// made but the restores are not, so the group stays Rejoining (definitions refused) until the repeat completes them.
/// </summary>
public sealed class RolesRejoinTests(RolesGroupedFixture systems) : IClassFixture<RolesGroupedFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static JournalChange Put(string key, string value) => JournalChange.Put(key, T0, new() { ["v"] = value });

    private IHaGroupGrain Group(string system)
    {
        CallerPrincipal.ActAs("admin", administrator: true);
        return systems.System(system).Client.GetGrain<IHaGroupGrain>(HaGroups.Default);
    }

    [Fact]
    public async Task LearnEpochAsync_WhenProductionIsUnreachable_StaysRejoiningRefusingDefinitionsAndTheRepeatRestores()
    {
        await systems.DefineJournalAsync("PROD", "notes");
        await systems.DefineJournalAsync("BACKUP", "notes");
        await systems.Journal("PROD", "notes").AppendAsync("p1", [Put("a", "1")]);
        await systems.StatusWhenAsync("PROD", "notes", s => s.Receivers.Single().Acknowledged == 1, "BACKUP to acknowledge 1");
        systems.Connector.Cut("BACKUP", cut: true);
        await systems.Journal("PROD", "notes").AppendAsync("p2", [Put("b", "prod")]);
        var fences = await Group("BACKUP").PromoteAsync(2, "PROD");

        await Assert.ThrowsAsync<SiloUnavailableException>(() => Group("PROD").LearnEpochAsync(2, "BACKUP", fences));
        var midway = await Group("PROD").GetStatusAsync();
        var refused = await Assert.ThrowsAsync<WritesRefusedException>(() => systems.DefineJournalAsync("PROD", "other"));
        var unrestored = await systems.Replica("PROD", "notes@BACKUP").GetRecordAsync("b");
        systems.Connector.Cut("BACKUP", cut: false);
        var learned = await Group("PROD").LearnEpochAsync(2, "BACKUP", fences);

        Assert.Equal([new JournalFence("notes", 2, 1)], fences);
        Assert.Equal((HaGroupPhase.Rejoining, 2L), (midway.Gate.Phase, midway.Gate.Epoch));
        Assert.Contains("define journal 'other'", refused.Message, StringComparison.Ordinal);
        Assert.False((await systems.Journal("PROD", "other").GetStatusAsync()).Defined);
        Assert.Equal("prod", unrestored!.Fields["v"]);
        Assert.Equal(HaGroupPhase.Steady, learned.Gate.Phase);
        Assert.Null(await systems.Replica("PROD", "notes@BACKUP").GetRecordAsync("b"));
        Assert.Equal("1", (await systems.Replica("PROD", "notes@BACKUP").GetRecordAsync("a"))!.Fields["v"]);
        Assert.Equal([(2L, "b")], (await systems.Journal("PROD", "notes").GetDivergenceAsync(null, 10)).Select(d => (d.Sequence, d.Change.Key)));
    }
}
