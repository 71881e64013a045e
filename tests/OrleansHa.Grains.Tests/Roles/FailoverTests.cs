using OrleansHa.Journals;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Tests.Roles;

/// <summary>An unplanned failover: refused while production answers, done once the link to it is cut; PROD then learns the epoch.</summary>
public sealed class FailoverTests(RoleChangeFixture systems) : IClassFixture<RoleChangeFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static JournalChange Put(string key, string value, int minute) => JournalChange.Put(key, T0.AddMinutes(minute), new() { ["v"] = value });

    [Fact]
    public async Task FailoverAsync_WhenProductionAnswersThenCut_RefusedThenPromotesAndFencesTheFormerProduction()
    {
        var shipped = await systems.Orders("PROD").AppendAsync("p1", [Put("a", "1", 0), Put("b", "1", 0)]);
        await systems.StatusWhenAsync("BACKUP", _ => true, "BACKUP to answer");
        Assert.True(await Cluster.Poll.UntilAsync(async () => (await systems.Replica("BACKUP", "PROD").GetStatusAsync()).LastApplied == shipped.LastSequence, systems.Clock, TimeSpan.FromMilliseconds(500)));

        var whileUp = await systems.Group("BACKUP").FailoverAsync(dryRun: false);
        var gateWhileUp = await systems.Group("BACKUP").GetGateAsync();

        systems.Connector.Cut("PROD", true);
        systems.Connector.Cut("BACKUP", true);
        // Appended while cut off: never shipped, so PROD lists it as divergence when it learns the epoch.
        var unshipped = await systems.Orders("PROD").AppendAsync("p2", [Put("a", "prod-only", 1)]);
        var dry = await systems.Group("BACKUP").FailoverAsync(dryRun: true);
        var report = await systems.DriveAsync(systems.Group("BACKUP").FailoverAsync(dryRun: false));
        var onNew = await systems.Orders("BACKUP").AppendAsync("b1", [Put("c", "new", 2)]);

        Assert.False(whileUp.Succeeded);
        Assert.Contains("Production PROD answers", whileUp.Error);
        Assert.Equal((SystemRole.Backup, 1L), (gateWhileUp.Role, gateWhileUp.Epoch));
        Assert.True(dry.Succeeded && dry.DryRun, dry.Error);
        Assert.True(report.Succeeded, report.Error);
        Assert.Equal((2L, "BACKUP", "PROD"), (report.Epoch, report.Production, report.Backup));
        Assert.Equal([new JournalFence(RoleChangeFixture.Journal, 2, shipped.LastSequence)], report.Fences);
        Assert.Equal(shipped.LastSequence + 1, onNew.FirstSequence);

        // The link comes back: the announce loop teaches PROD the epoch; its unshipped entry is listed, not applied.
        systems.Connector.Cut("PROD", false);
        systems.Connector.Cut("BACKUP", false);
        var prod = await systems.StatusWhenAsync("PROD", s => s.Gate.Epoch == 2 && s.Gate.Phase == HaGroupPhase.Steady, "PROD to learn epoch 2");
        var refused = await Assert.ThrowsAsync<WritesRefusedException>(() => systems.Orders("PROD").AppendAsync("p3", [Put("d", "1", 3)]));
        var divergence = await systems.Group("PROD").GetDivergenceAsync(null, 100);

        Assert.Equal((SystemRole.Backup, "BACKUP"), (prod.Gate.Role, prod.Gate.Production));
        Assert.Equal(1, prod.Divergences);
        Assert.Equal([(unshipped.FirstSequence, "a")], divergence.Select(d => (d.Sequence, d.Change.Key)));
        Assert.Equal("BACKUP", refused.Production);
        Assert.Equal("1", (await systems.Replica("BACKUP", "PROD").GetRecordAsync("a"))!.Fields["v"]);
    }
}
