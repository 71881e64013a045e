using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Roles;

// Unplanned failover, on the backup: refused while production answers a probe; otherwise this system is promoted under
// a new epoch, taking over every journal from its replica (the fences are the last sequences received). The automatic
// policy probes production every FailoverProbeInterval from a grain timer (kept alive by the keep-alive reminder, see
// HaGroupGrain.Announce.cs) and fails over once production has been unreachable for the whole grace period; any
// answer starts the period again, so it never promotes while production answers.
public sealed partial class HaGroupGrain
{
    private IGrainTimer? _probeTimer;

    // When the probes began to fail without a break (this activation's clock); null while production answers.
    private DateTimeOffset? _unreachableSince;

    /// <inheritdoc/>
    public async Task<RoleSwapReport> FailoverAsync(bool dryRun)
    {
        CallerPrincipal.Current.DemandAdministrator("fail over");
        if (!TryBegin("a failover", out var refusal))
        {
            return Refused(RoleOperation.Failover, dryRun, refusal);
        }

        try
        {
            return await FailoverCoreAsync(dryRun, automatic: false);
        }
        finally
        {
            End();
        }
    }

    /// <summary>The failover itself, inside a claimed change.</summary>
    private async Task<RoleSwapReport> FailoverCoreAsync(bool dryRun, bool automatic)
    {
        var s = state.State;
        var gate = Gate();
        if (gate.Role != SystemRole.Backup || s.Phase != HaGroupPhase.Steady || s.Step != RoleChangeStep.None)
        {
            return Refused(RoleOperation.Failover, dryRun, gate.Role is null
                ? $"No HA group is defined on {LocalSystem}: define it with 'role define' on each system first."
                : gate.Role == SystemRole.Production
                    ? $"{LocalSystem} is production (epoch {s.Epoch}): a failover runs on the backup."
                    : $"{LocalSystem} is {s.Phase} ({s.Step}): a failover starts only while roles are steady.");
        }

        var production = s.Production!;
        _running = _running! with { What = $"a failover from {production} to {LocalSystem}" };
        var started = time.GetUtcNow();
        var steps = new RoleSwapSteps(time);
        Progress = new RoleSwapProgress(RoleOperation.Failover, $"probe {production}", started, 0, 0, 0, 0);
        var probe = await ProbeAsync(production);
        steps.Done($"probe {production}", probe.Answered ? $"{production} answered" : $"{production} did not answer: {probe.Error}");
        if (probe.Answered)
        {
            var how = probe.Gate is { } answered ? $"epoch {answered.Epoch}, {answered.Phase}" : probe.Error;
            return Refused(RoleOperation.Failover, dryRun,
                $"Production {production} answers ({how}): a failover is refused while production is reachable; use 'role switch-over' on {production}.", null, steps.All);
        }

        var epoch = s.Epoch + 1;
        if (dryRun)
        {
            return new RoleSwapReport(RoleOperation.Failover, true, true, epoch, LocalSystem, production, TimeSpan.Zero,
                [.. steps.All, .. Planned("take over every journal", $"queue runs back to {production}")], null, null, [], 0, 0);
        }

        LogFailingOver(logger, LocalSystem, production, epoch, automatic);
        Progress = new RoleSwapProgress(RoleOperation.Failover, "take over every journal", started, 0, 0, 0, 0);
        var promotingFrom = time.GetTimestamp();
        var fences = await PromoteLocallyAsync(epoch, production, RoleOperation.Failover);
        var took = time.GetElapsedTime(promotingFrom);
        steps.Done("take over every journal", $"{fences.Count} journal(s): " + string.Join(", ", fences.Select(f => $"{f.Journal} from {f.LastReceivedSequence + 1}")));
        if (automatic)
        {
            state.State.LastChange += $" (automatic: {production} unreachable for {s.Definition!.AutoFailover!.GracePeriod})";
            await SaveAsync();
        }

        return new RoleSwapReport(RoleOperation.Failover, false, true, epoch, LocalSystem, production, took, steps.All, null, null, fences, 0, 0);
    }

    /// <summary>Whether this system should be probing production for the automatic failover policy.</summary>
    private bool ProbesProduction()
    {
        var s = state.State;
        return s.Definition?.AutoFailover is not null && Gate().Role == SystemRole.Backup && s.Phase == HaGroupPhase.Steady && s.Step == RoleChangeStep.None;
    }

    private void EnsureProbeTimer()
    {
        if (ProbesProduction())
        {
            _probeTimer ??= this.RegisterGrainTimer(ProbeTickAsync, new GrainTimerCreationOptions(_options.FailoverProbeInterval, _options.FailoverProbeInterval));
        }
        else
        {
            _probeTimer?.Dispose();
            _probeTimer = null;
            _unreachableSince = null;
        }
    }

    private async Task ProbeTickAsync(CancellationToken cancellationToken)
    {
        if (_running is not null || !ProbesProduction())
        {
            EnsureProbeTimer();
            return;
        }

        var s = state.State;
        var production = s.Production!;
        // Production has been unreachable since the first probe it left unanswered was sent, not since that probe gave
        // up (up to PeerTimeout later): the grace period counts from the moment it was last asked in vain.
        var asked = time.GetUtcNow();
        var probe = await ProbeAsync(production);
        var now = time.GetUtcNow();
        if (probe.Answered)
        {
            _unreachableSince = null;
            return;
        }

        _unreachableSince ??= asked;
        var grace = s.Definition!.AutoFailover!.GracePeriod;
        LogProductionUnreachable(logger, LocalSystem, production, _unreachableSince.Value, probe.Error ?? string.Empty);
        if (now - _unreachableSince.Value < grace || !TryBegin("an automatic failover", out _))
        {
            return;
        }

        try
        {
            var report = await FailoverCoreAsync(dryRun: false, automatic: true);
            if (!report.Succeeded)
            {
                LogAutomaticFailoverRefused(logger, LocalSystem, report.Error ?? string.Empty);
            }
        }
        finally
        {
            End();
            _unreachableSince = null;
        }
    }
}
