using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Roles;

// Switch-back, on the production after a failover: the former production learns the epoch (it becomes the backup, its
// unshipped entries listed as divergence), shipping catches it up from the fences (waited for, as a drain), and a run of
// every file set to it resynchronises incrementally (the sync engine compares with the target when there is no
// checkpoint, so only changed files are copied); the report counts the bytes. This system stays writable throughout.
public sealed partial class HaGroupGrain
{
    /// <inheritdoc/>
    public async Task<RoleSwapReport> SwitchBackAsync(bool dryRun)
    {
        CallerPrincipal.Current.DemandAdministrator("switch back");
        if (!TryBegin("a switch-back", out var refusal))
        {
            return Refused(RoleOperation.SwitchBack, dryRun, refusal);
        }

        try
        {
            var s = state.State;
            var gate = Gate();
            if (gate.Role != SystemRole.Production || s.Phase != HaGroupPhase.Steady || s.Step != RoleChangeStep.None)
            {
                return Refused(RoleOperation.SwitchBack, dryRun, gate.Role is null
                    ? $"No HA group is defined on {LocalSystem}: define it with 'role define' on each system first."
                    : gate.Role == SystemRole.Backup
                        ? $"{LocalSystem} is the backup (epoch {s.Epoch}): a switch-back runs on production, {s.Production}."
                        : $"{LocalSystem} is {s.Phase} ({s.Step}): a switch-back starts only while roles are steady.");
            }

            if (s.FormerProduction is not { } former)
            {
                return Refused(RoleOperation.SwitchBack, dryRun, $"{LocalSystem} did not take over by failover (last change: {s.LastChange}): there is no former production to switch back; a switch-over swaps the roles.");
            }

            _running = _running! with { What = $"a switch-back of {former} to {LocalSystem}" };
            var epoch = s.Epoch;
            var started = time.GetUtcNow();
            var steps = new RoleSwapSteps(time);
            Progress = new RoleSwapProgress(RoleOperation.SwitchBack, $"probe {former}", started, 0, 0, 0, 0);
            var probe = await ProbeAsync(former);
            steps.Done($"probe {former}", probe.Answered ? $"{former} answered" : $"{former} did not answer: {probe.Error}");
            if (probe.Gate is null)
            {
                return Refused(RoleOperation.SwitchBack, dryRun, $"The former production {former} does not answer ({probe.Error}): start it (it refuses writes once it has learned epoch {epoch}), then switch back.", null, steps.All);
            }

            if (dryRun)
            {
                return new RoleSwapReport(RoleOperation.SwitchBack, true, true, epoch, LocalSystem, former, TimeSpan.Zero,
                    [.. steps.All, .. Planned($"{former} learns epoch {epoch}", "catch up journals", "resynchronise file sets")], null, null, [.. s.Fences], 0, 0);
            }

            s.Operation = RoleOperation.SwitchBack;
            s.Step = RoleChangeStep.SwitchingBack;
            s.Partner = former;
            s.OperationEpoch = epoch;
            s.OperationStartedAt = started;
            await SaveAsync();
            await KeepRoleChangeReminderAsync(true);
            LogSwitchBackStarted(logger, LocalSystem, former, epoch);

            Progress = new RoleSwapProgress(RoleOperation.SwitchBack, $"{former} learns epoch {epoch}", started, 0, 0, 0, 0);
            var learned = await CallPeerAsync(former, g => g.LearnEpochAsync(epoch, LocalSystem, [.. s.Fences]), null);
            if (learned.Gate.Epoch != epoch || learned.Gate.Production != LocalSystem)
            {
                return await EndSwitchBackAsync(steps, former, 0, learned.Divergences,
                    $"{former} did not take epoch {epoch}: it answers epoch {learned.Gate.Epoch} with production {learned.Gate.Production}");
            }

            s.Unannounced.Remove(former);
            steps.Done($"{former} learns epoch {epoch}", $"{former} is the backup; {learned.Divergences} divergent entries listed there ('role divergence' on {former})");

            CallerPrincipal.ActAsSilo();
            var now = new List<JournalStatus>();
            foreach (var journal in await JournalStore.ListJournalsAsync(CancellationToken.None))
            {
                now.Add(await GrainFactory.GetGrain<IJournalGrain>(journal).GetStatusAsync());
            }

            var caughtUp = await DrainAsync(former, now, RoleOperation.SwitchBack, started);
            steps.Done("catch up journals", caughtUp.Error ?? $"{caughtUp.Entries} entries shipped to {former} from the fences over {caughtUp.Journals} journal(s)");
            if (caughtUp.Error is not null)
            {
                return await EndSwitchBackAsync(steps, former, 0, learned.Divergences, caughtUp.Error);
            }

            var runs = await TryRunFileSetsAsync(former, wait: true, RoleOperation.SwitchBack, "resynchronise file sets", started);
            steps.Done("resynchronise file sets", $"{runs.Runs} run(s), {runs.BytesCopied} bytes copied");
            return await EndSwitchBackAsync(steps, former, runs.BytesCopied, learned.Divergences,
                runs.Failures.Count == 0 ? null : $"not every resynchronising run succeeded: {string.Join("; ", runs.Failures)}");
        }
        finally
        {
            End();
        }
    }

    private async Task<RoleSwapReport> EndSwitchBackAsync(RoleSwapSteps steps, string former, long bytes, int divergences, string? error)
    {
        var s = state.State;
        if (error is null)
        {
            s.FormerProduction = null;
        }

        s.LastChange = error is null
            ? $"switch-back: {former} is the backup of {LocalSystem} again, caught up and resynchronised ({bytes} bytes copied)"
            : $"switch-back of {former} stopped: {error}";
        ClearOperation();
        await SaveAsync();
        await KeepRoleChangeReminderAsync(false);
        await KeepBackgroundWorkAsync();
        LogSwitchBackEnded(logger, LocalSystem, former, bytes, error ?? "done");
        return new RoleSwapReport(RoleOperation.SwitchBack, false, error is null, s.Epoch, LocalSystem, former, TimeSpan.Zero, steps.All, null,
            error is null ? null : $"The switch-back of {former} stopped: {error}. Run it again (each step is safe to repeat).", [.. s.Fences], bytes, divergences);
    }
}
