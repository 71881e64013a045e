using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Journals;

/// <summary>
/// The journal's side of the HA group's roles. The group grain pushes this system's gate (<see cref="SetGateAsync"/>);
/// appends pass only a writable gate, and only while no receiver has fenced this journal and the gate is not older
/// than the journal's own epoch (which adopting or becoming a replica raises before the group pushes the new gate).
/// One sequence series per journal across the group: a new production continues after the last sequence it received
/// (<see cref="AdoptReplicaAsync"/>); a former production moves what it never shipped to its divergence list and its
/// replica of the new production starts at the fence (<see cref="BecomeReplicaAsync"/>).
/// </summary>
public sealed partial class JournalGrain
{
    /// <summary>The most divergent entries the store lists at once (<see cref="IJournalStore.ListDivergenceAsync"/> takes 1 to 10,000).</summary>
    private const int MaxListed = 10_000;

    private RoleGate _gate = RoleGate.Ungrouped(options.Value.SystemName);

    /// <summary>
    /// Where reads of this system's copy go: on a backup, the replica of production's journal (<c>name@PRODUCTION</c>),
    /// which is what this system holds of the records now; the local copy there stands as it was when it last was
    /// production. Elsewhere, the local copy.
    /// </summary>
    private string ReadScope => _gate is { Role: SystemRole.Backup, Production: { } production } ? JournalNames.Remote(Name, production) : Name;

    // The epoch the store stamps on appends (LocalJournalState.Epoch).
    private long _epoch;

    // Raised by every change of epoch or position made here (a new gate epoch, adopt, become-replica): an answer to a
    // batch sent before it is not an acknowledgement, since the positions it would move may have been reset meanwhile.
    private long _roleVersion;

    // Set when a receiver refused a batch as fenced; appends are refused until a gate of a newer epoch arrives.
    private FencedBy? _fencedBy;

    private string Local => _options.SystemName;

    /// <inheritdoc/>
    public async Task<JournalStatus> SetGateAsync(RoleGate gate)
    {
        CallerPrincipal.Current.DemandSilo($"set the role gate of journal '{Name}'");
        ArgumentNullException.ThrowIfNull(gate);
        if (gate.Epoch != _gate.Epoch)
        {
            _roleVersion++;
        }

        _gate = gate;
        if (_fencedBy is { } fenced && gate.Epoch > fenced.GateEpoch && gate.Epoch >= fenced.Epoch)
        {
            _fencedBy = null;
            foreach (var receiver in _receivers.Values)
            {
                receiver.Fenced = false;
            }

            LogUnfenced(logger, Name, fenced.System, gate.Epoch);
        }

        await AlignEpochAsync();
        LogGate(logger, Name, gate.Epoch, gate.Role?.ToString() ?? "none", gate.Phase, gate.Production ?? "none");
        Wake();
        return Status();
    }

    /// <inheritdoc/>
    public async Task<JournalFence> AdoptReplicaAsync(string formerProduction, long epoch)
    {
        CallerPrincipal.Current.DemandSilo($"make journal '{Name}' take over its replica");
        RequireOtherSystem(formerProduction, nameof(formerProduction));
        RequireEpoch(epoch, nameof(epoch));
        RequireDefined($"take over its replica of {formerProduction}");
        var replica = JournalNames.Remote(Name, formerProduction);

        // The group persisted and published a gate that refuses receives before calling here, but a batch the replica
        // admitted under the earlier gate may still be on its way into the store. The replica grain is not reentrant:
        // a call to it answers only after that batch has ended, so the adoption below reads its final position.
        await GrainFactory.GetGrain<IRemoteJournalGrain>(replica).GetStatusAsync();
        var last = await store.AdoptReplicaAsync(Name, replica, epoch, CancellationToken.None);
        _roleVersion++;
        await LoadAsync(CancellationToken.None);
        _fencedBy = null;
        LogAdopted(logger, Name, formerProduction, epoch, last);
        await KeepResumeReminderAsync(mayDrop: true);
        return new JournalFence(Name, epoch, last);
    }

    /// <inheritdoc/>
    public async Task<int> BecomeReplicaAsync(string production, JournalFence fence)
    {
        CallerPrincipal.Current.DemandSilo($"make journal '{Name}' a replica");
        RequireOtherSystem(production, nameof(production));
        ArgumentNullException.ThrowIfNull(fence);
        if (fence.Journal != Name)
        {
            throw new ArgumentException($"Journal '{Name}' was given the fence of journal '{fence.Journal}'; pass this journal's fence.", nameof(fence));
        }

        RequireEpoch(fence.Epoch, nameof(fence));
        if (fence.LastReceivedSequence < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fence), fence.LastReceivedSequence, $"Journal '{Name}': a fence is a sequence of 0 or more.");
        }

        RequireDefined($"become a replica of {production}");
        var replica = JournalNames.Remote(Name, production);

        // Order: the store step first (one transaction: divergence listed, positions at the fence, the replica takes the
        // local copy), then the restores. A crash between them leaves the replica holding this system's unshipped values
        // for the divergent keys; the group repeats BecomeReplica while its phase is Rejoining (its remote journals
        // refuse every batch meanwhile), the store step lists nothing the second time, and the restores run again.
        var listed = await store.BecomeReplicaAsync(Name, replica, fence.LastReceivedSequence, fence.Epoch, CancellationToken.None);
        _roleVersion++;
        await LoadAsync(CancellationToken.None);
        var restored = await RestoreDivergentKeysAsync(production, replica, fence, listed);
        LogBecameReplica(logger, Name, production, fence.Epoch, fence.LastReceivedSequence, listed.Count, restored);
        await KeepResumeReminderAsync(mayDrop: true);
        return listed.Count;
    }

    /// <summary>Throws <see cref="WritesRefusedException"/> unless appends may pass now.</summary>
    private void DemandWritable()
    {
        var what = $"append to journal '{Name}'";
        if (!_gate.Writable)
        {
            throw new WritesRefusedException(_gate, what);
        }

        if (_fencedBy is { } fenced)
        {
            throw new WritesRefusedException(
                $"{Local} refuses to {what}: fenced: {fenced.System} is production at epoch {fenced.Epoch} and refused this journal's entries "
                + $"(this system is at epoch {_gate.Epoch}), so {Local} is a former production system. Write to {fenced.System}"
                + $"{(fenced.Gateway is null ? string.Empty : $" at {fenced.Gateway}")}; {Local} takes writes again only if it becomes production under a newer epoch.")
            {
                Production = fenced.System,
                ProductionGateway = fenced.Gateway,
                Epoch = fenced.Epoch,
            };
        }

        if (_gate.Epoch < _epoch)
        {
            // Adopt or become-replica ran at a newer epoch than the gate this activation holds: the group grain pushes
            // the new gate next. Until then this journal's position belongs to that epoch, not to the old gate.
            throw new WritesRefusedException(
                $"{Local} refuses to {what}: the journal has moved to epoch {_epoch} and this system's gate is still at epoch {_gate.Epoch} "
                + "(a role change is under way); retry in a few seconds, at the production system.")
            {
                Production = _gate.Production,
                ProductionGateway = _gate.ProductionGateway,
                Epoch = _epoch,
                Switching = true,
            };
        }
    }

    /// <summary>
    /// Gives the store the gate's epoch for later appends. Only a writable gate's: appends happen only under one, and
    /// the store's adopt and become-replica are idempotent per epoch, so a journal that took the epoch of a backup's or a
    /// rejoining system's gate first would make those steps look done. Never lowers it.
    /// </summary>
    private async Task AlignEpochAsync()
    {
        if (_definition is not null && _gate.Writable && _gate.Epoch > _epoch)
        {
            await store.SetEpochAsync(Name, _gate.Epoch, CancellationToken.None);
            _epoch = _gate.Epoch;
        }
    }

    /// <summary>
    /// In the replica <paramref name="replica"/>, sets every key of a divergent entry after the fence to what production's
    /// frozen replica of this journal holds (it receives nothing after the promotion, so it stands at the fence). The
    /// keys are those the store listed now and, for a repeat (which lists nothing), those of the open entries after the
    /// fence. Answers the keys restored.
    /// </summary>
    private async Task<int> RestoreDivergentKeysAsync(string production, string replica, JournalFence fence, IReadOnlyList<DivergentEntry> listed)
    {
        var keys = new SortedSet<string>(listed.Select(e => e.Change.Key), StringComparer.Ordinal);
        var open = await store.ListDivergenceAsync(Name, null, MaxListed, CancellationToken.None);
        keys.UnionWith(open.Where(e => e.Sequence > fence.LastReceivedSequence).Select(e => e.Change.Key));
        if (listed.Count == 0 && open.Count == MaxListed && await store.CountDivergenceAsync(Name, CancellationToken.None) > MaxListed)
        {
            // The store lists at most MaxListed open entries and has no cursor: a repeat cannot see every key to restore.
            throw new InvalidOperationException(
                $"Journal '{Name}' holds more than {MaxListed:N0} open divergent entries, so repeating its change to a replica of {production} cannot list every key to restore. "
                + "Re-apply or discard divergent entries until fewer remain, then repeat.");
        }

        if (keys.Count == 0)
        {
            return 0;
        }

        var address = ReceiverAddress(production, $"restore the {keys.Count} key(s) this system changed after sequence {fence.LastReceivedSequence} from {production}'s copy");
        var frozen = (await connector.ConnectAsync(address, CancellationToken.None))
            .GetGrain<IRemoteJournalGrain>(JournalNames.Remote(Name, Local));
        var reason = $"restored from {production}'s replica {JournalNames.Remote(Name, Local)} as of sequence {fence.LastReceivedSequence} (epoch {fence.Epoch}): this system's later changes of it are divergent";
        foreach (var key in keys)
        {
            var record = await frozen.GetRecordAsync(key);
            await store.SetRecordAsync(replica, key, record, reason, CancellationToken.None);
        }

        return keys.Count;
    }

    /// <summary>This journal's receiver entry for <paramref name="system"/> (address and credential), or a clear error.</summary>
    private RemoteSystemAddress ReceiverAddress(string system, string why)
        => _definition?.Receivers.FirstOrDefault(r => r.SystemName == system)
            ?? throw new InvalidOperationException(
                $"Journal '{Name}' on {Local} has no receiver {system}, so it cannot reach {system} to {why}. "
                + $"Add {system} to the journal's receivers (the reverse direction of the group) and repeat.");

    private void RequireDefined(string what)
    {
        if (_definition is null)
        {
            throw new InvalidOperationException($"Journal '{Name}' is not defined on {Local}, so it cannot {what}; define it first (with the same name as on the other system).");
        }
    }

    private void RequireOtherSystem(string system, string parameter)
    {
        if (!JournalNames.IsValidSystemName(system) || system == Local)
        {
            throw new ArgumentException($"Journal '{Name}': '{system}' is not another system's name; give the other member's name (1 to 64 letters, digits, '-' or '_', not {Local}).", parameter);
        }
    }

    private void RequireEpoch(long epoch, string parameter)
    {
        if (epoch < 1)
        {
            throw new ArgumentOutOfRangeException(parameter, epoch, $"Journal '{Name}': a role change's epoch is 1 or more.");
        }
    }

    /// <summary>The receiver that fenced this journal, its epoch, and the gate's epoch at the time.</summary>
    private sealed record FencedBy(string System, string? Gateway, long Epoch, long GateEpoch);
}
