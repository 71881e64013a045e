using OrleansHa.Journals;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Tests.Roles;

/// <summary>A planned switch-over between two in-process systems, and a second one that restores the roles.</summary>
public sealed class SwitchOverTests(RoleChangeFixture systems) : IClassFixture<RoleChangeFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    // Later changes carry later timestamps, so the apply rules take them over earlier ones of the same key.
    private static JournalChange Put(string key, string value, int minute = 0) => JournalChange.Put(key, T0.AddMinutes(minute), new() { ["v"] = value });

    [Fact]
    public async Task SwitchOverAsync_WhenReady_DrainsFlipsAndLosesNoEntryThenSwitchesBack()
    {
        // Appended just before the switch-over and not yet shipped (the clock has not moved): the drain must carry them.
        var appended = await systems.Orders("PROD").AppendAsync("p1", [.. Enumerable.Range(1, 50).Select(i => Put($"k{i}", "prod"))]);

        var report = await systems.DriveAsync(systems.Group("PROD").SwitchOverAsync(dryRun: false));
        Assert.True(report.Succeeded, report.Error);

        var refused = await Assert.ThrowsAsync<WritesRefusedException>(() => systems.Orders("PROD").AppendAsync("p2", [Put("late", "prod")]));
        var onBackup = await systems.Orders("BACKUP").AppendAsync("b1", [Put("k1", "backup", 1)]);
        var replica = await systems.Replica("BACKUP", "PROD").GetStatusAsync();
        var prodGate = await systems.Group("PROD").GetGateAsync();
        var backupGate = await systems.Group("BACKUP").GetGateAsync();

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal((2L, "BACKUP", "PROD"), (report.Epoch, report.Production, report.Backup));
        Assert.Equal(appended.LastSequence, replica.LastApplied);
        Assert.Equal([new JournalFence(RoleChangeFixture.Journal, 2, appended.LastSequence)], report.Fences);
        Assert.Equal(0, report.Divergences);
        Assert.True(report.WritesRefused >= TimeSpan.Zero);
        Assert.Equal(["readiness check", "refuse writes", "drain journals", "final file set runs", "promote BACKUP", "become the backup"], report.Steps.Select(s => s.Name));
        Assert.Equal(("BACKUP", 2L), (refused.Production, refused.Epoch));
        Assert.Equal(appended.LastSequence + 1, onBackup.FirstSequence);
        Assert.Equal((SystemRole.Backup, HaGroupPhase.Steady, 2L), (prodGate.Role, prodGate.Phase, prodGate.Epoch));
        Assert.Equal((SystemRole.Production, HaGroupPhase.Steady, 2L), (backupGate.Role, backupGate.Phase, backupGate.Epoch));

        // Replication now runs BACKUP -> PROD from the fence; a second switch-over restores the original roles.
        var back = await systems.DriveAsync(systems.Group("BACKUP").SwitchOverAsync(dryRun: false));
        var prodReplica = await systems.Replica("PROD", "BACKUP").GetRecordAsync("k1");

        Assert.True(back.Succeeded, back.Error);
        Assert.Equal((3L, "PROD"), (back.Epoch, back.Production));
        Assert.Equal("backup", prodReplica!.Fields["v"]);
        Assert.Equal(SystemRole.Production, (await systems.Group("PROD").GetGateAsync()).Role);
        Assert.Equal(onBackup.LastSequence + 1, (await systems.Orders("PROD").AppendAsync("p3", [Put("k2", "again", 2)])).FirstSequence);
    }
}
