using OrleansHa.Grains.Roles;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Tests.Roles;

/// <summary>
/// A switch-over whose state write fails between two steps (the activation is dropped, as by a crash): the next
/// activation undoes it when it had not reached the promote, and finishes it when the backup had been promoted.
/// </summary>
public sealed class CrashConsistencyTests(RoleChangeFixture systems) : IClassFixture<RoleChangeFixture>
{
    [Fact]
    public async Task SwitchOverAsync_WhenCrashedBeforeThePromoteThenAfterIt_UndoneThenFinished()
    {
        var prodGroup = systems.Group("PROD");
        systems.ProdStorage.FailNextWrite(prodGroup, s => s is HaGroupState { Step: RoleChangeStep.PromotingBackup });

        await Assert.ThrowsAnyAsync<Exception>(() => systems.DriveAsync(systems.Group("PROD").SwitchOverAsync(dryRun: false)));
        var undone = await systems.StatusWhenAsync("PROD", s => s.Gate.Phase == HaGroupPhase.Steady && s.LastChange!.Contains("rolled back"), "PROD to undo the switch-over");
        var backupAfterUndo = await systems.Group("BACKUP").GetGateAsync();
        var appended = await systems.Orders("PROD").AppendAsync("after-undo", [OrleansHa.Journals.JournalChange.Put("a", DateTimeOffset.UnixEpoch, new() { ["v"] = "1" })]);

        Assert.Equal((SystemRole.Production, 1L), (undone.Gate.Role, undone.Gate.Epoch));
        Assert.Equal((SystemRole.Backup, 1L), (backupAfterUndo.Role, backupAfterUndo.Epoch));
        Assert.Equal(1, appended.LastSequence);

        // Now the write after the promote fails: the backup is production at epoch 2, PROD must finish becoming its backup.
        systems.ProdStorage.FailNextWrite(systems.Group("PROD"), s => s is HaGroupState { Step: RoleChangeStep.Rejoining });
        await Assert.ThrowsAnyAsync<Exception>(() => systems.DriveAsync(systems.Group("PROD").SwitchOverAsync(dryRun: false)));
        var finished = await systems.StatusWhenAsync("PROD", s => s.Gate.Epoch == 2 && s.Gate.Phase == HaGroupPhase.Steady, "PROD to finish the switch-over");
        var backup = await systems.Group("BACKUP").GetGateAsync();

        Assert.Equal((SystemRole.Backup, "BACKUP"), (finished.Gate.Role, finished.Gate.Production));
        Assert.Equal((SystemRole.Production, 2L), (backup.Role, backup.Epoch));
        await Assert.ThrowsAsync<WritesRefusedException>(() => systems.Orders("PROD").AppendAsync("after-finish", [OrleansHa.Journals.JournalChange.Put("b", DateTimeOffset.UnixEpoch, new() { ["v"] = "1" })]));
    }
}
