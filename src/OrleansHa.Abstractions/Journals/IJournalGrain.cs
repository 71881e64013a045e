namespace OrleansHa.Journals;

/// <summary>
/// A local journal (key: the journal name, e.g. <c>orders</c>): accepts appends, keeps this system's copy of the
/// records, and ships entries to a remote journal <c>name@THIS-SYSTEM</c> on each receiver, resuming from each
/// receiver's acknowledged position after any restart. Who may use it is part of its definition
/// (<see cref="JournalDefinition.Owner"/>, readers, writers); the administrator always may.
/// </summary>
[Alias("orleansha.journal-grain")]
public interface IJournalGrain : IGrainWithStringKey
{
    /// <summary>Creates the journal or changes its definition (receivers, selection rules, queue limit). Administrators only.</summary>
    [Idempotent]
    Task<JournalStatus> DefineAsync(JournalDefinition definition);

    /// <summary>Appends a batch of changes; answers once they are durable. Retrying with the same request id does not duplicate. The owner, writers and the administrator.</summary>
    [Idempotent]
    Task<JournalAppendResult> AppendAsync(string requestId, JournalChange[] changes);

    /// <summary>A record of this system's copy (on a backup of an HA group: its replica of production's journal), or null when missing. Readers, writers, the owner and the administrator (as every read below).</summary>
    [Idempotent]
    Task<JournalRecord?> GetRecordAsync(string key);

    /// <summary>Keys of this system's copy starting with <paramref name="prefix"/>, in ordinal order, after <paramref name="afterKey"/> (paging).</summary>
    [Idempotent]
    Task<string[]> ListKeysAsync(string prefix, string? afterKey, int limit);

    /// <summary>A record's changes on this system, newest first.</summary>
    [Idempotent]
    Task<RecordHistoryEntry[]> GetHistoryAsync(string key, int limit);

    /// <summary>Position, counters and each receiver's acknowledged sequence and lag.</summary>
    [Idempotent]
    Task<JournalStatus> GetStatusAsync();

    /// <summary>Stops shipping to one receiver (or all, when null) for a maintenance window; appends go on and wait. Administrators only.</summary>
    [Idempotent]
    Task<JournalStatus> DisableAsync(string? systemName);

    /// <summary>Resumes shipping to one receiver (or all, when null); what was appended meanwhile follows. Administrators only.</summary>
    [Idempotent]
    Task<JournalStatus> EnableAsync(string? systemName);

    /// <summary>The activity journal's lines for this journal, newest first.</summary>
    [Idempotent]
    Task<ActivityEntry[]> GetActivityAsync(string? key, DateTimeOffset? from, DateTimeOffset? to, int limit);

    /// <summary>
    /// Silo only (the HA group grain): takes this system's role gate. Appends are refused with
    /// <see cref="Roles.WritesRefusedException"/> unless the gate is writable, and later entries carry its epoch. Answers
    /// once appends in progress have ended, so the status's last sequence is the last one this gate lets through.
    /// </summary>
    [Idempotent]
    Task<JournalStatus> SetGateAsync(Roles.RoleGate gate);

    /// <summary>
    /// Silo only: this system becomes production at <paramref name="epoch"/>. The local copy takes over the replica of
    /// <paramref name="formerProduction"/> (<c>name@FORMER</c>) and the journal continues after its last applied sequence,
    /// every receiver positioned there. Answers that position. A repeat with the same epoch answers as the first did.
    /// </summary>
    [Idempotent]
    Task<Roles.JournalFence> AdoptReplicaAsync(string formerProduction, long epoch);

    /// <summary>
    /// Silo only: this system (a former production) becomes a backup of <paramref name="production"/>. Entries after the
    /// fence are moved to the divergence list (their keys' replica records taken from production's copy as of the
    /// fence); the replica <c>name@PRODUCTION</c> takes the local copy and stands at the fence. Answers the entries
    /// newly listed as divergent. A repeat with the same epoch lists nothing more.
    /// </summary>
    [Idempotent]
    Task<int> BecomeReplicaAsync(string production, Roles.JournalFence fence);

    /// <summary>This journal's divergent entries (one key's, when given), oldest first. Administrators only.</summary>
    [Idempotent]
    Task<Roles.DivergentEntry[]> GetDivergenceAsync(string? key, int limit);

    /// <summary>Re-applies on production (through its apply rules) or discards this journal's divergent entries (one key's, when given). Administrators only.</summary>
    Task<Roles.DivergenceResolution> ResolveDivergenceAsync(string? key, Roles.DivergenceAction action, bool dryRun);
}
