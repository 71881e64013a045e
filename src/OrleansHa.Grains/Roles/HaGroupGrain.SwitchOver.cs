using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Roles;

// Planned switch-over, on production. Order, each step persisted before it acts: readiness (refused with the failing
// items); phase SwitchingOver persisted and pushed to every journal (writes refused from here: t0); drain until the
// backup has acknowledged every journal's last sequence; a final run of every file set to the backup; PromoteAsync on
// the backup (t1: it is writable); then this system learns the epoch itself and becomes the backup. A failure before
// the promote rolls back (Steady, writable again) and says why; from the promote on the change only goes forward.
public sealed partial class HaGroupGrain
{
    /// <inheritdoc/>
    public async Task<RoleSwapReport> SwitchOverAsync(bool dryRun)
    {
        CallerPrincipal.Current.DemandAdministrator("switch over");
        if (!TryBegin("a switch-over", out var refusal))
        {
            return Refused(RoleOperation.SwitchOver, dryRun, refusal);
        }

        try
        {
            var s = state.State;
            var gate = Gate();
            if (gate.Role != SystemRole.Production || s.Phase != HaGroupPhase.Steady || s.Step != RoleChangeStep.None)
            {
                return Refused(RoleOperation.SwitchOver, dryRun, gate.Role is null
                    ? $"No HA group is defined on {LocalSystem}: define it with 'role define' on each system first."
                    : gate.Role == SystemRole.Backup
                        ? $"{LocalSystem} is the backup (epoch {s.Epoch}): a switch-over runs on production, {s.Production}."
                        : $"{LocalSystem} is {s.Phase} ({s.Step}): a switch-over starts only while roles are steady.");
            }

            var backup = BackupName()!;
            _running = _running! with { What = $"a switch-over from {LocalSystem} to {backup}" };
            var started = time.GetUtcNow();
            var steps = new RoleSwapSteps(time);
            Progress = new RoleSwapProgress(RoleOperation.SwitchOver, "readiness check", started, 0, 0, 0, 0);
            var readiness = await CheckCoreAsync();
            steps.Done("readiness check", $"score {readiness.Score}, {readiness.Items.Count(i => !i.Ready && i.Blocking)} blocking item(s) failing");
            if (!readiness.Ready)
            {
                var failing = readiness.Items.Where(i => !i.Ready && i.Blocking).Select(i => $"{i.Category} {i.Subject}: {i.Reason}");
                return Refused(RoleOperation.SwitchOver, dryRun, $"The switch-over to {backup} is refused: {string.Join("; ", failing)}", readiness, steps.All);
            }

            var epoch = s.Epoch + 1;
            if (dryRun)
            {
                return new RoleSwapReport(RoleOperation.SwitchOver, true, true, epoch, backup, LocalSystem, TimeSpan.Zero,
                    [.. steps.All, .. Planned("refuse writes", "drain journals", "final file set runs", $"promote {backup}", "become the backup")],
                    readiness, null, [], 0, 0);
            }

            // t0: from this write on, the journals refuse appends (the phase is pushed right after).
            s.Operation = RoleOperation.SwitchOver;
            s.Step = RoleChangeStep.RefusingWrites;
            s.OperationEpoch = epoch;
            s.Partner = backup;
            s.OperationStartedAt = started;
            s.Phase = HaGroupPhase.SwitchingOver;
            await SaveAsync();
            var refusedFrom = time.GetTimestamp();
            await KeepRoleChangeReminderAsync(true);
            LogSwitchOverStarted(logger, LocalSystem, backup, epoch);
            var atRefusal = await PublishGateAsync();
            steps.Done("refuse writes", $"{atRefusal.Count} journal(s) refuse appends");

            await StepAsync(RoleChangeStep.Draining);
            var drained = await DrainAsync(backup, atRefusal, RoleOperation.SwitchOver, started);
            steps.Done("drain journals", drained.Error ?? $"{drained.Entries} entries drained over {drained.Journals} journal(s)");
            if (drained.Error is not null)
            {
                return await RollBackAsync(readiness, steps, drained.Error);
            }

            await StepAsync(RoleChangeStep.FinalRuns);
            var runs = await TryRunFileSetsAsync(backup, wait: true, RoleOperation.SwitchOver, "final file set runs", started);
            steps.Done("final file set runs", $"{runs.Runs} run(s), {runs.BytesCopied} bytes copied");
            if (runs.Failures.Count > 0)
            {
                return await RollBackAsync(readiness, steps, $"the final file set runs did not all succeed: {string.Join("; ", runs.Failures)}");
            }

            await StepAsync(RoleChangeStep.PromotingBackup);
            Progress = new RoleSwapProgress(RoleOperation.SwitchOver, $"promote {backup}", started, 0, drained.Entries, 0, 0);
            var promoted = await PromoteBackupAsync(backup, epoch);
            if (promoted.Fences is null)
            {
                if (promoted.RollBack)
                {
                    return await RollBackAsync(readiness, steps, promoted.Error!);
                }

                // The backup may have taken over: this system keeps refusing writes and its recovery asks again.
                steps.Done($"promote {backup}", promoted.Error!);
                return new RoleSwapReport(RoleOperation.SwitchOver, false, false, epoch, s.Production!, backup, time.GetElapsedTime(refusedFrom),
                    steps.All, readiness, promoted.Error, [], runs.BytesCopied, 0);
            }

            var writesRefused = time.GetElapsedTime(refusedFrom);
            steps.Done($"promote {backup}", $"{backup} is production at epoch {epoch}, {promoted.Fences.Count} journal(s) taken over");
            Progress = new RoleSwapProgress(RoleOperation.SwitchOver, "become the backup", started, 0, drained.Entries, 0, 0);
            var divergent = await LearnLocallyAsync(epoch, backup, promoted.Fences, RoleOperation.SwitchOver);
            steps.Done("become the backup", $"{LocalSystem} is the backup of {backup}");
            LogSwitchedOver(logger, LocalSystem, backup, epoch, writesRefused.TotalMilliseconds);
            return new RoleSwapReport(RoleOperation.SwitchOver, false, true, epoch, backup, LocalSystem, writesRefused,
                steps.All, readiness, null, promoted.Fences, runs.BytesCopied, divergent);
        }
        finally
        {
            End();
        }
    }

    /// <summary>Persists the next step of the change under way before it acts.</summary>
    private async Task StepAsync(RoleChangeStep step)
    {
        state.State.Step = step;
        await SaveAsync();
    }

    /// <summary>
    /// Waits until the backup has acknowledged each journal's last sequence as it stood when writes were refused
    /// (no entry after it can exist); gives up after <see cref="RoleOptions.DrainTimeout"/>.
    /// </summary>
    private async Task<(int Journals, long Entries, string? Error)> DrainAsync(string backup, IReadOnlyList<JournalStatus> atRefusal, RoleOperation operation, DateTimeOffset startedAt)
    {
        var targets = atRefusal.Where(j => j.Defined && j.Receivers.Any(r => r.SystemName == backup)).ToDictionary(j => j.Name, j => j.LastSequence);
        var deadline = time.GetUtcNow() + _options.DrainTimeout;
        var total = -1L;
        CallerPrincipal.ActAsSilo();
        while (true)
        {
            var behind = 0L;
            var behindJournals = new List<string>();
            foreach (var (journal, last) in targets)
            {
                var status = await GrainFactory.GetGrain<IJournalGrain>(journal).GetStatusAsync();
                var acknowledged = status.Receivers.FirstOrDefault(r => r.SystemName == backup)?.Acknowledged ?? 0;
                if (acknowledged < last)
                {
                    behind += last - acknowledged;
                    behindJournals.Add($"{journal} ({last - acknowledged} behind)");
                }
            }

            total = total < 0 ? behind : total;
            Progress = new RoleSwapProgress(operation, "drain journals", startedAt, behind, total, 0, 0);
            if (behind == 0)
            {
                return (targets.Count, total, null);
            }

            if (time.GetUtcNow() >= deadline)
            {
                return (targets.Count, total, $"{backup} had not applied every entry after {_options.DrainTimeout}: {string.Join(", ", behindJournals)}");
            }

            await Task.Delay(_options.PollInterval, time);
        }
    }

    /// <summary>
    /// Promotes the backup. When the call fails, the backup's gate says whether it took over: an answer at an older
    /// epoch and not promoting means it did not (roll back); no answer leaves the question open (keep refusing writes).
    /// </summary>
    private async Task<(IReadOnlyList<JournalFence>? Fences, bool RollBack, string? Error)> PromoteBackupAsync(string backup, long epoch)
    {
        try
        {
            return (await CallPeerAsync(backup, g => g.PromoteAsync(epoch, LocalSystem), null), false, null);
        }
        catch (Exception e) when (e is not AccessDeniedException)
        {
            var probe = await ProbeAsync(backup);
            if (probe.Gate is { } gate && gate.Epoch < epoch && gate.Phase != HaGroupPhase.Promoting)
            {
                return (null, true, $"{backup} refused the promotion ({e.Message})");
            }

            LogPromoteUnknown(logger, LocalSystem, backup, epoch, e.Message);
            return (null, false, $"{backup} did not answer the promotion ({e.Message}); {LocalSystem} keeps refusing writes and asks {backup} again every minute until it answers (then the roles flip).");
        }
    }

    /// <summary>Undoes a switch-over that failed before the promote: Steady and writable again, the reason kept.</summary>
    private async Task<RoleSwapReport> RollBackAsync(ReadinessReport readiness, RoleSwapSteps steps, string error)
    {
        var s = state.State;
        var backup = s.Partner ?? BackupName() ?? string.Empty;
        UndoSwitchOver($"switch-over to {backup} failed and was rolled back: {error}");
        await SaveAsync();
        await PublishGateAsync();
        await KeepRoleChangeReminderAsync(false);
        steps.Done("roll back", $"{LocalSystem} accepts writes again");
        LogRolledBack(logger, LocalSystem, backup, error);
        return new RoleSwapReport(RoleOperation.SwitchOver, false, false, s.Epoch, LocalSystem, backup, TimeSpan.Zero, steps.All, readiness,
            $"The switch-over to {backup} failed and was rolled back ({LocalSystem} accepts writes again): {error}", [], 0, 0);
    }

    private void UndoSwitchOver(string lastChange)
    {
        var s = state.State;
        s.Phase = HaGroupPhase.Steady;
        s.LastChange = lastChange;
        ClearOperation();
    }

    /// <summary>The backup a switch-over or readiness check is about: the first other member.</summary>
    private string? BackupName() => state.State.Definition?.Members.Select(m => m.SystemName).FirstOrDefault(m => m != state.State.Production);

    private RoleSwapReport Refused(RoleOperation operation, bool dryRun, string error, ReadinessReport? readiness = null, IReadOnlyList<RoleSwapStep>? steps = null)
    {
        var s = state.State;
        LogRefused(logger, LocalSystem, operation, error);
        return new RoleSwapReport(operation, dryRun, false, s.Epoch, s.Production ?? LocalSystem, BackupName() ?? string.Empty, TimeSpan.Zero,
            steps ?? [], readiness, error, [], 0, 0);
    }

    private static IEnumerable<RoleSwapStep> Planned(params string[] steps) => steps.Select(s => new RoleSwapStep(s, TimeSpan.Zero, "would run"));
}
