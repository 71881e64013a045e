using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Roles;

// Promote (this system becomes production) and learn the epoch (this system becomes a backup). Both persist the step
// and the epoch they make before they touch a journal, and both are idempotent by epoch: a repeat (a caller that did not
// see the answer, or this grain's recovery after a crash) completes the same change and answers what the first did.
public sealed partial class HaGroupGrain
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<JournalFence>> PromoteAsync(long epoch, string formerProduction)
    {
        CallerPrincipal.Current.DemandAdministrator("promote this system to production");
        var s = state.State;
        if (s.Definition is null)
        {
            throw new InvalidOperationException($"No HA group is defined on {LocalSystem}: define it with 'role define' before promoting it.");
        }

        if (s.Epoch == epoch && s.Production == LocalSystem && s.Step == RoleChangeStep.None)
        {
            return [.. s.Fences];
        }

        var resuming = s.Step == RoleChangeStep.Promoting && s.OperationEpoch == epoch && s.Partner == formerProduction;
        if (!resuming)
        {
            if (epoch <= s.Epoch)
            {
                throw new InvalidOperationException($"{LocalSystem} knows epoch {s.Epoch} (production {s.Production}); a promotion to epoch {epoch} is stale: it must be newer than {s.Epoch}.");
            }

            if (s.Production == LocalSystem || s.Production != formerProduction)
            {
                throw new InvalidOperationException($"{LocalSystem} cannot take over from {formerProduction}: production here is {s.Production} at epoch {s.Epoch}; a promotion takes over from the production system.");
            }

            if (s.Phase != HaGroupPhase.Steady || s.Step != RoleChangeStep.None)
            {
                throw new InvalidOperationException($"{LocalSystem} is {s.Phase} ({s.Step}): a promotion waits until roles are steady here.");
            }
        }

        if (!TryBegin($"the promotion of {LocalSystem} to production at epoch {epoch}", out var refusal))
        {
            throw new InvalidOperationException(refusal);
        }

        try
        {
            return await PromoteLocallyAsync(epoch, formerProduction, s.Operation ?? RoleOperation.SwitchOver);
        }
        finally
        {
            End();
        }
    }

    /// <inheritdoc/>
    public async Task<HaGroupStatus> LearnEpochAsync(long epoch, string production, IReadOnlyList<JournalFence> fences)
    {
        CallerPrincipal.Current.DemandAdministrator("tell this system a newer epoch");
        ArgumentNullException.ThrowIfNull(fences);
        var s = state.State;
        if (s.Definition is null)
        {
            throw new InvalidOperationException($"No HA group is defined on {LocalSystem}: define it with 'role define' first.");
        }

        if (Member(production) is null || production == LocalSystem)
        {
            throw new ArgumentException($"'{production}' cannot be production for {LocalSystem}: it must be another member of the group ({string.Join(", ", s.Definition.Members.Select(m => m.SystemName))}).", nameof(production));
        }

        var resuming = s.Step == RoleChangeStep.Rejoining && s.OperationEpoch == epoch;
        if (epoch < s.Epoch || (epoch == s.Epoch && !resuming))
        {
            if (epoch == s.Epoch && s.Production != production)
            {
                throw new InvalidOperationException($"{LocalSystem} has {s.Production} as production at epoch {epoch}, not {production}: two systems claim the same epoch; define the group again on one of them.");
            }

            // Already known (or older than what this system knows: the caller learns the newer epoch from the answer).
            return await StatusAsync();
        }

        if (!TryBegin($"learning epoch {epoch} from {production}", out var refusal))
        {
            throw new InvalidOperationException(refusal);
        }

        try
        {
            await LearnLocallyAsync(epoch, production, fences, s.Operation);
            return await StatusAsync();
        }
        finally
        {
            End();
        }
    }

    /// <summary>
    /// Makes this system production at <paramref name="epoch"/>: persists the step first, takes over every journal from
    /// its replica of <paramref name="formerProduction"/>, then persists the new role, becomes writable, starts
    /// and announcing the epoch (see HaGroupGrain.Announce.cs for the reverse runs). Runs inside a claimed change.
    /// </summary>
    private async Task<IReadOnlyList<JournalFence>> PromoteLocallyAsync(long epoch, string formerProduction, RoleOperation operation)
    {
        var s = state.State;
        if (s.Step != RoleChangeStep.Promoting || s.OperationEpoch != epoch)
        {
            s.Operation = operation;
            s.Step = RoleChangeStep.Promoting;
            s.OperationEpoch = epoch;
            s.Partner = formerProduction;
            s.OperationStartedAt = time.GetUtcNow();
            s.Phase = HaGroupPhase.Promoting;
            await SaveAsync();
            await KeepRoleChangeReminderAsync(true);
        }

        LogPromoting(logger, LocalSystem, epoch, formerProduction, operation);
        await PublishGateAsync();
        var fences = new List<JournalFence>();
        CallerPrincipal.ActAsSilo();
        foreach (var journal in await JournalStore.ListJournalsAsync(CancellationToken.None))
        {
            fences.Add(await GrainFactory.GetGrain<IJournalGrain>(journal).AdoptReplicaAsync(formerProduction, epoch));
        }

        s.Epoch = epoch;
        s.Production = LocalSystem;
        s.Phase = HaGroupPhase.Steady;
        s.Fences = fences;
        s.RoleChangedAt = time.GetUtcNow();
        s.LastChange = $"{Describe(operation)}: {LocalSystem} took over from {formerProduction} at epoch {epoch}";
        s.Unannounced = [.. s.Definition!.Members.Select(m => m.SystemName).Where(m => m != LocalSystem)];
        s.FormerProduction = operation == RoleOperation.Failover ? formerProduction : null;
        ClearOperation();
        await SaveAsync();
        await PublishGateAsync();
        await KeepRoleChangeReminderAsync(false);
        await KeepBackgroundWorkAsync();
        LogPromoted(logger, LocalSystem, epoch, fences.Count);

        // Replication in the reverse direction begins once the former production has learned this epoch (the announce
        // loop queues the runs when it answers): a run that reached it before would be refused there, and wait for the
        // monitor's slow retry.
        return fences;
    }

    /// <summary>
    /// Makes this system a backup of <paramref name="production"/> at <paramref name="epoch"/>: persists the epoch and
    /// phase Rejoining first (appends and receives refused), turns each journal into a replica at its fence (entries
    /// after it listed as divergence), then persists Steady. Runs inside a claimed change. Answers the entries listed.
    /// </summary>
    private async Task<int> LearnLocallyAsync(long epoch, string production, IReadOnlyList<JournalFence> fences, RoleOperation? operation)
    {
        var s = state.State;
        if (s.Step != RoleChangeStep.Rejoining || s.OperationEpoch != epoch)
        {
            s.Operation = operation;
            s.Step = RoleChangeStep.Rejoining;
            s.OperationEpoch = epoch;
            s.Partner = production;
            s.OperationFences = [.. fences];
            s.OperationStartedAt ??= time.GetUtcNow();
            s.Epoch = epoch;
            s.Production = production;
            s.Phase = HaGroupPhase.Rejoining;
            s.Unannounced.Clear();
            s.FormerProduction = null;
            await SaveAsync();
            await KeepRoleChangeReminderAsync(true);
        }

        LogLearning(logger, LocalSystem, epoch, production);
        await PublishGateAsync();
        var divergent = 0;
        CallerPrincipal.ActAsSilo();
        foreach (var journal in await JournalStore.ListJournalsAsync(CancellationToken.None))
        {
            if (s.OperationFences.FirstOrDefault(f => f.Journal == journal) is { } fence)
            {
                divergent += await GrainFactory.GetGrain<IJournalGrain>(journal).BecomeReplicaAsync(production, fence);
            }
            else
            {
                LogNoFence(logger, LocalSystem, journal, production);
            }
        }

        s.Phase = HaGroupPhase.Steady;
        s.Fences = [.. s.OperationFences];
        s.RoleChangedAt = time.GetUtcNow();
        s.LastChange = $"learned epoch {epoch}: {production} is production, {LocalSystem} the backup"
            + (divergent > 0 ? $"; {divergent} entries never shipped listed as divergence ('role divergence')" : string.Empty);
        ClearOperation();
        await SaveAsync();
        await PublishGateAsync();
        await KeepRoleChangeReminderAsync(false);
        await KeepBackgroundWorkAsync();
        LogLearned(logger, LocalSystem, epoch, production, divergent);
        return divergent;
    }

    private void ClearOperation()
    {
        var s = state.State;
        s.Operation = null;
        s.Step = RoleChangeStep.None;
        s.OperationEpoch = 0;
        s.Partner = null;
        s.OperationStartedAt = null;
        s.OperationFences = [];
    }

    private static string Describe(RoleOperation? operation) => operation switch
    {
        RoleOperation.SwitchOver => "switch-over",
        RoleOperation.Failover => "failover",
        RoleOperation.SwitchBack => "switch-back",
        _ => "role change",
    };
}
