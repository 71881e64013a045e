using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Roles;

// Crash consistency. Every step of a role change is persisted before it acts (HaGroupState.Step, with the epoch being
// made, the other system and the fences received), and a failed state write drops the activation (SaveAsync). An
// activation that finds a step other than None sends itself ResumeAsync (not from OnActivateAsync itself: journals
// activating meanwhile ask this grain for the gate, and they must get it); the role-change reminder asks again every
// minute until the change is done. What each stored step means on reactivation:
//   RefusingWrites, Draining, FinalRuns  (switch-over, before the promote) -> UNDO: Steady and writable again, the
//       backup was never asked to take over.
//   PromotingBackup                       (switch-over, the promote may have reached the backup) -> RESUME: ask the
//       backup again (PromoteAsync is idempotent by epoch; this system refused writes all along), then become the
//       backup; if the backup answers that it refuses (older epoch, not promoting), UNDO instead; if it does not
//       answer, stay refusing writes and ask again at the next tick.
//   Promoting                             (failover, or the backup's side of a switch-over) -> RESUME: take over every
//       journal again (AdoptReplicaAsync is idempotent at the same epoch) and become writable.
//   Rejoining                             (learning a newer epoch) -> RESUME: every journal becomes a replica again
//       (BecomeReplicaAsync is idempotent and restores again), then Steady.
//   SwitchingBack                         (production's side of a switch-back) -> ABANDON: nothing changed here; the
//       former production's learning is idempotent and the announce loop finishes it; run switch-back again for the
//       resynchronising runs.
public sealed partial class HaGroupGrain
{
    /// <inheritdoc/>
    public Task ResumeAsync()
    {
        CallerPrincipal.Current.DemandSilo("resume an interrupted role change");
        return ResumeCoreAsync();
    }

    private void ScheduleRecoveryIfNeeded()
    {
        if (state.State.Step != RoleChangeStep.None)
        {
            LogRecoveryScheduled(logger, LocalSystem, state.State.Operation, state.State.Step);
            CallerPrincipal.ActAsSilo();
            GrainFactory.GetGrain<IHaGroupRecoveryGrain>(this.GetPrimaryKeyString()).ResumeAsync().Ignore();
        }
    }

    private async Task ResumeCoreAsync()
    {
        var s = state.State;
        if (s.Step == RoleChangeStep.None)
        {
            await KeepRoleChangeReminderAsync(false);
            await KeepBackgroundWorkAsync();
            return;
        }

        if (!TryBegin($"the recovery of an interrupted {Describe(s.Operation)}", out _))
        {
            return;
        }

        try
        {
            await KeepRoleChangeReminderAsync(true);
            LogResuming(logger, LocalSystem, s.Operation, s.Step, s.OperationEpoch);
            switch (s.Step)
            {
                case RoleChangeStep.RefusingWrites or RoleChangeStep.Draining or RoleChangeStep.FinalRuns:
                    await UndoInterruptedAsync($"switch-over to {s.Partner} was interrupted at step {s.Step} (this system restarted) and rolled back: run it again");
                    break;
                case RoleChangeStep.PromotingBackup:
                    var epoch = s.OperationEpoch;
                    var backup = s.Partner!;
                    var promoted = await PromoteBackupAsync(backup, epoch);
                    if (promoted.Fences is not null)
                    {
                        await LearnLocallyAsync(epoch, backup, promoted.Fences, RoleOperation.SwitchOver);
                    }
                    else if (promoted.RollBack)
                    {
                        await UndoInterruptedAsync($"switch-over to {backup} was interrupted at the promotion and rolled back: {promoted.Error}");
                    }

                    break;
                case RoleChangeStep.Promoting:
                    await PromoteLocallyAsync(s.OperationEpoch, s.Partner!, s.Operation ?? RoleOperation.Failover);
                    break;
                case RoleChangeStep.Rejoining:
                    await LearnLocallyAsync(s.OperationEpoch, s.Partner!, [.. s.OperationFences], s.Operation);
                    break;
                default:
                    await UndoInterruptedAsync($"{Describe(s.Operation)} of {s.Partner} was interrupted (this system restarted); nothing changed here: run it again to finish resynchronising");
                    break;
            }
        }
        catch (Exception e) when (e is not AccessDeniedException)
        {
            // The reminder asks again in a minute.
            LogResumeFailed(logger, LocalSystem, s.Operation, s.Step, e.Message);
        }
        finally
        {
            End();
        }
    }

    private async Task UndoInterruptedAsync(string lastChange)
    {
        UndoSwitchOver(lastChange);
        await SaveAsync();
        await PublishGateAsync();
        await KeepRoleChangeReminderAsync(false);
        await KeepBackgroundWorkAsync();
        LogUndone(logger, LocalSystem, lastChange);
    }
}
