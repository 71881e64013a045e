using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles;

// The announce loop and the keep-alive reminder. A production system whose epoch some member has not acknowledged
// keeps calling LearnEpochAsync on it every AnnounceInterval (a grain timer) until it answers at this epoch; a member
// that answers with a newer epoch of its own makes this system learn that one instead (the other side was promoted
// while this one was away). A member that acknowledges gets a run of every file set: replication in the reverse direction. The keep-alive reminder (every minute) exists while there is background work — announcing,
// or probing production for the automatic failover policy — so the grain comes back after a restart and restarts its timers.
public sealed partial class HaGroupGrain
{
    private const string KeepAliveReminder = "hagroup-keepalive";
    private const string RoleChangeReminder = "hagroup-role-change";

    private IGrainTimer? _announceTimer;
    private bool? _keepAliveRegistered;
    private bool? _roleChangeRegistered;

    private bool Announces()
    {
        var s = state.State;
        return s.Definition is not null && s.Production == LocalSystem && s.Phase == HaGroupPhase.Steady && s.Step == RoleChangeStep.None && s.Unannounced.Count > 0;
    }

    /// <summary>Starts or stops the announce and probe timers as the state asks.</summary>
    private void EnsureBackgroundWork()
    {
        if (Announces())
        {
            _announceTimer ??= this.RegisterGrainTimer(AnnounceTickAsync, new GrainTimerCreationOptions(_options.AnnounceInterval, _options.AnnounceInterval));
        }
        else
        {
            _announceTimer?.Dispose();
            _announceTimer = null;
        }

        EnsureProbeTimer();
    }

    /// <summary>Starts or stops the timers, and keeps the keep-alive reminder while either has work.</summary>
    private async Task KeepBackgroundWorkAsync()
    {
        EnsureBackgroundWork();
        var wanted = Announces() || ProbesProduction();
        if (_keepAliveRegistered == wanted)
        {
            return;
        }

        try
        {
            if (wanted)
            {
                await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            }
            else if (await this.GetReminder(KeepAliveReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _keepAliveRegistered = wanted;
        }
        catch (Exception e) when (e is ReminderException or InvalidOperationException or OrleansException)
        {
            LogReminderFailed(logger, LocalSystem, KeepAliveReminder, e.Message);
        }
    }

    /// <summary>Keeps the role-change reminder while a change is under way, so a restarted silo resumes or undoes it.</summary>
    private async Task KeepRoleChangeReminderAsync(bool wanted)
    {
        if (_roleChangeRegistered == wanted)
        {
            return;
        }

        try
        {
            if (wanted)
            {
                await this.RegisterOrUpdateReminder(RoleChangeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            }
            else if (await this.GetReminder(RoleChangeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _roleChangeRegistered = wanted;
        }
        catch (Exception e) when (e is ReminderException or InvalidOperationException or OrleansException)
        {
            LogReminderFailed(logger, LocalSystem, RoleChangeReminder, e.Message);
        }
    }

    private async Task AnnounceTickAsync(CancellationToken cancellationToken)
    {
        if (_running is not null || !Announces())
        {
            EnsureBackgroundWork();
            return;
        }

        var s = state.State;
        var epoch = s.Epoch;
        var acknowledged = new List<string>();
        foreach (var member in s.Unannounced.ToList())
        {
            HaGroupStatus answer;
            try
            {
                answer = await CallPeerAsync(member, g => g.LearnEpochAsync(epoch, LocalSystem, [.. s.Fences]), _options.PeerTimeout);
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                LogAnnounceFailed(logger, LocalSystem, member, epoch, e.Message);
                continue;
            }

            if (answer.Gate.Epoch == epoch && answer.Gate.Production == LocalSystem)
            {
                acknowledged.Add(member);
            }
            else if (answer.Gate.Epoch > epoch && answer.Gate.Production is { } newer && newer != LocalSystem && _running is null && s.Epoch == epoch)
            {
                // This system is the stale one: the member was promoted at a newer epoch meanwhile.
                LogStale(logger, LocalSystem, member, answer.Gate.Epoch, newer);
                TryBegin($"learning epoch {answer.Gate.Epoch} from {newer}", out _);
                try
                {
                    await LearnLocallyAsync(answer.Gate.Epoch, newer, answer.Fences, null);
                }
                finally
                {
                    End();
                }

                return;
            }
        }

        if (acknowledged.Count > 0 && s.Epoch == epoch && _running is null)
        {
            s.Unannounced.RemoveAll(acknowledged.Contains);
            await SaveAsync();
            LogAnnounced(logger, LocalSystem, string.Join(", ", acknowledged), epoch);
            await KeepBackgroundWorkAsync();

            // Replication in the reverse direction: the member now takes this system's copies, so every file set runs to it.
            foreach (var member in acknowledged)
            {
                var reverse = await TryRunFileSetsAsync(member, wait: false, RoleOperation.SwitchOver, "reverse runs", time.GetUtcNow());
                if (reverse.Failures.Count > 0)
                {
                    LogReverseRunsFailed(logger, LocalSystem, member, string.Join("; ", reverse.Failures));
                }
            }
        }
    }
}
