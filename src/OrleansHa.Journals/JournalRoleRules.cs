namespace OrleansHa.Journals;

/// <summary>
/// The checks and decisions the role operations of both journal stores share: argument rules, and whether a role
/// change is new, a repeat of the last one (answered as before, nothing changed), or refused. A scope remembers its
/// last role change (kind, epoch, the replica it named, the sequence it answered); the journal's own epoch
/// (<see cref="IJournalStore.SetEpochAsync"/>) may already be the change's, since the gate is often pushed first.
/// </summary>
internal static class JournalRoleRules
{
    /// <summary>The most divergent entries one listing returns.</summary>
    public const int MaxListed = 10_000;

    /// <summary>A scope's last role change, as stored (kind null: none yet).</summary>
    public readonly record struct LastChange(JournalRoleChange? Kind, long Epoch, string? Scope, long? Fence);

    public static void CheckEpoch(long epoch, bool roleChange)
    {
        if (epoch < 0 || (roleChange && epoch < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(epoch),
                epoch,
                roleChange
                    ? "A role change needs the epoch it starts, 1 or more (epoch 0 means no HA group)."
                    : "An epoch is 0 (no HA group) or more.");
        }
    }

    /// <summary>The replica's scope must be <c>journal@SYSTEM</c>: the same journal, as received from another system.</summary>
    public static string CheckReplicaScope(string journal, string remoteScope)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(journal);
        var prefix = journal + "@";
        if (remoteScope is null || !remoteScope.StartsWith(prefix, StringComparison.Ordinal) || remoteScope.Length == prefix.Length
            || remoteScope.IndexOf('@', prefix.Length) >= 0)
        {
            throw new ArgumentException(
                $"The replica of journal '{journal}' is named '{journal}@SYSTEM' (the journal as received from that system); '{remoteScope}' is not.",
                nameof(remoteScope));
        }

        return remoteScope[prefix.Length..];
    }

    /// <summary>The system a checked replica scope (<c>journal@SYSTEM</c>) names.</summary>
    public static string SystemOf(string remoteScope) => remoteScope[(remoteScope.IndexOf('@', StringComparison.Ordinal) + 1)..];

    public static void CheckLimit(int limit)
    {
        if (limit is < 1 or > MaxListed)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A divergence listing returns 1 to {MaxListed:N0} entries.");
        }
    }

    public static void CheckResolver(string by)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            throw new ArgumentException("Closing divergent entries needs who closes them (the administrator's name), for the activity log.", nameof(by));
        }
    }

    public static void CheckRecord(string key, JournalRecord? record, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException($"Setting record '{key}' directly needs a reason, for its history.", nameof(reason));
        }

        if (record is not null && record.Key != key)
        {
            throw new ArgumentException($"The record given for key '{key}' has key '{record.Key}'; they must be the same.", nameof(record));
        }
    }

    /// <summary>
    /// True when <paramref name="requested"/> at <paramref name="epoch"/> repeats the last change (answer as before,
    /// change nothing); false when it is a new change; throws when it is refused: the journal is not defined, or it
    /// already made another change at this epoch or a later one, or its epoch is newer.
    /// </summary>
    public static bool IsRepeat(string journal, bool defined, long journalEpoch, LastChange last, JournalRoleChange requested, string remoteScope, long epoch)
    {
        if (!defined)
        {
            throw new InvalidOperationException(
                $"Journal '{journal}' is not defined on this system, so it cannot {Describe(requested, remoteScope)}. Nothing was changed. Define the journal here first (role check lists what is missing).");
        }

        if (last.Kind is { } kind && last.Epoch == epoch)
        {
            if (kind == requested && last.Scope == remoteScope)
            {
                return true;
            }

            throw new InvalidOperationException(
                $"Journal '{journal}' already made its role change of epoch {epoch} (it {Done(kind, last.Scope)}); it cannot also {Describe(requested, remoteScope)} at that epoch. Nothing was changed. Another role change needs a new epoch.");
        }

        if (last.Kind is { } earlier && last.Epoch > epoch)
        {
            throw new InvalidOperationException(
                $"Journal '{journal}' already made the role change of the newer epoch {last.Epoch} (it {Done(earlier, last.Scope)}); a change of the older epoch {epoch} is refused and nothing was changed.");
        }

        if (journalEpoch > epoch)
        {
            throw new InvalidOperationException(
                $"Journal '{journal}' is at epoch {journalEpoch}; a role change of the older epoch {epoch} is refused and nothing was changed.");
        }

        return false;
    }

    /// <summary>Refuses an adoption that would renumber entries this journal assigned past the replica's position.</summary>
    public static void CheckAdoption(string journal, string remoteScope, long localLast, long replicaLast)
    {
        if (localLast > replicaLast)
        {
            throw new InvalidOperationException(
                $"Journal '{journal}' cannot take over replica '{remoteScope}': it has assigned sequences up to {localLast}, past the replica's last applied {replicaLast}, and one series cannot hold both. Nothing was changed. This system's own later entries were never received by the other side: make it a replica of the other system first (switch-back lists them as divergence), then swap roles.");
        }
    }

    /// <summary>Refuses a fence past what this journal ever assigned: its store does not hold what it shipped.</summary>
    public static void CheckFence(string journal, string remoteScope, long localLast, long lastReceived)
    {
        if (lastReceived < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lastReceived), lastReceived, $"The fence of journal '{journal}' is a sequence, 0 or more.");
        }

        if (lastReceived > localLast)
        {
            throw new InvalidOperationException(
                $"Journal '{journal}' cannot become replica '{remoteScope}' at sequence {lastReceived}: it has assigned sequences only up to {localLast}, so this store does not hold what the other system received from it (was it restored from an older copy?). Nothing was changed. Redefine the journal here and let it be primed from production.");
        }
    }

    /// <summary>The divergence state stored for a closing action (0 stays open).</summary>
    public static int ClosedState(Roles.DivergenceAction action) => action switch
    {
        Roles.DivergenceAction.Reapply => 1,
        Roles.DivergenceAction.Discard => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "A divergent entry is re-applied (Reapply) or discarded (Discard)."),
    };

    /// <summary>The activity line's detail for a closed divergent entry.</summary>
    public static string ClosedWords(Roles.DivergenceAction action, long epoch, string by) => action == Roles.DivergenceAction.Reapply
        ? $"divergent entry of epoch {epoch} re-applied through production's apply rules, by {by}"
        : $"divergent entry of epoch {epoch} discarded, by {by}";

    public static string DivergedWords(long entryEpoch, string production, long epoch, long fence)
        => $"appended here at epoch {entryEpoch} but never shipped before {production} took over at epoch {epoch} (fence {fence}): kept, not applied there; re-apply or discard it";

    public static string AdoptedWords(string remoteScope, long fence, long epoch, long records)
        => $"took over from replica {remoteScope} at epoch {epoch}: {records} records, last sequence {fence}, every receiver positioned there; appends continue at {fence + 1}";

    public static string BecameReplicaWords(string production, string remoteScope, long fence, long epoch, int listed, long missing, long records)
        => $"became a replica of {production} at epoch {epoch}, fence {fence}: {listed} later entries listed as divergence"
            + (missing > 0 ? $" ({missing} more were not kept: the journal had no receivers when they were appended)" : string.Empty)
            + $"; replica {remoteScope} took this system's copy ({records} records) and receives from {fence + 1}";

    private static string Describe(JournalRoleChange kind, string? remoteScope) => kind == JournalRoleChange.Adopted
        ? $"take over replica '{remoteScope}'"
        : $"become replica '{remoteScope}'";

    private static string Done(JournalRoleChange kind, string? remoteScope) => kind == JournalRoleChange.Adopted
        ? $"took over replica '{remoteScope}'"
        : $"became replica '{remoteScope}'";
}
