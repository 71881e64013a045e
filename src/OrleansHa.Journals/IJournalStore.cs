namespace OrleansHa.Journals;

/// <summary>
/// Durable home of everything journal-related on one system: local journals' entries (the recovery file) and
/// receivers' acknowledged positions, append request ids, the copies of the records with their history,
/// remote journals' positions, and the activity journal. Writes answer only once durable.
/// A "scope" is a local journal's name or a remote journal's (<c>name@SOURCE</c>); each has its own copy of the records.
/// </summary>
public interface IJournalStore
{
    /// <summary>A local journal's definition, position, counters and receivers.</summary>
    Task<LocalJournalState> GetLocalStateAsync(string journal, CancellationToken cancellationToken);

    /// <summary>Creates or redefines a local journal. New receivers start at the current last sequence; dropped ones are forgotten.</summary>
    Task<LocalJournalState> SaveDefinitionAsync(string journal, JournalDefinition definition, CancellationToken cancellationToken);

    /// <summary>The names of the local journals defined here.</summary>
    Task<IReadOnlyList<string>> ListJournalsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Appends a batch in one transaction: applies each change to the local copy, journals what the rules select,
    /// remembers the request id. A request id seen before returns the original answer. Refused without storing
    /// anything when more than <paramref name="maxJournaled"/> entries would be journaled.
    /// </summary>
    Task<LocalAppendOutcome> AppendAsync(string journal, string requestId, IReadOnlyList<JournalChange> changes, IReadOnlyList<SelectionRule> rules, long maxJournaled, bool retainEntries, CancellationToken cancellationToken);

    /// <summary>
    /// Retained entries after <paramref name="afterSequence"/>, in order: at most <paramref name="maxCount"/>, and no
    /// more than fit in <paramref name="maxBytes"/> (<see cref="JournalEntrySize"/>), but always the first one.
    /// </summary>
    Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(string journal, long afterSequence, int maxCount, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Records a send (activity), and on success the receiver's new acknowledged position; drops entries every receiver has.</summary>
    Task<ReceiverProgress> RecordShipmentAsync(string journal, ShipmentReport report, CancellationToken cancellationToken);

    /// <summary>Disables or enables replication to one receiver of a journal.</summary>
    Task<ReceiverProgress> SetReceiverEnabledAsync(string journal, string receiver, bool enabled, CancellationToken cancellationToken);

    /// <summary>
    /// Stores and applies a batch on a remote journal in one transaction, exactly once: entries at or below the last
    /// applied sequence are ignored, a batch that skips sequences is refused.
    /// </summary>
    Task<RemoteReceiveOutcome> ReceiveAsync(string remoteJournal, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken);

    /// <summary>A remote journal's position and counters.</summary>
    Task<RemoteJournalStatus> GetRemoteStatusAsync(string remoteJournal, CancellationToken cancellationToken);

    /// <summary>A record of a scope's copy, or null when missing.</summary>
    Task<JournalRecord?> GetRecordAsync(string scope, string key, CancellationToken cancellationToken);

    /// <summary>Keys of a scope's copy starting with <paramref name="prefix"/>, in ordinal order, after <paramref name="afterKey"/>.</summary>
    Task<IReadOnlyList<string>> ListKeysAsync(string scope, string prefix, string? afterKey, int limit, CancellationToken cancellationToken);

    /// <summary>A record's changes in a scope, newest first.</summary>
    Task<IReadOnlyList<RecordHistoryEntry>> GetHistoryAsync(string scope, string key, int limit, CancellationToken cancellationToken);

    /// <summary>Writes one activity line.</summary>
    Task AddActivityAsync(ActivityEntry entry, CancellationToken cancellationToken);

    /// <summary>Activity lines of one scope, newest first.</summary>
    Task<IReadOnlyList<ActivityEntry>> QueryActivityAsync(ActivityQuery query, CancellationToken cancellationToken);

    // Roles. A journal's sequence numbers are one series across the group: a new production continues after the last
    // sequence it received, so every system's local journal and replica of one journal count alike.

    /// <summary>Sets a local journal's epoch: entries appended from now on carry it (<see cref="JournalEntry.Epoch"/>).</summary>
    Task SetEpochAsync(string journal, long epoch, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: the local journal's copy of the records becomes the replica's (<paramref name="remoteScope"/>,
    /// <c>name@FORMER</c>), its last sequence becomes the replica's last applied one, every receiver is positioned
    /// there, and its epoch becomes <paramref name="epoch"/>. Answers that sequence. Refused (nothing changed) when the
    /// journal is not defined or already holds entries past the replica's position.
    /// </summary>
    Task<long> AdoptReplicaAsync(string journal, string remoteScope, long epoch, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: the local journal's entries after <paramref name="lastReceived"/> move to its divergence list
    /// (kept with their epochs, never applied anywhere), its last sequence and every receiver's position become
    /// <paramref name="lastReceived"/>, the replica <paramref name="remoteScope"/> (<c>name@PRODUCTION</c>) takes the
    /// local copy of the records and stands at <paramref name="lastReceived"/>, and the epoch becomes <paramref name="epoch"/>.
    /// Answers the entries newly listed. A repeat at the same epoch changes nothing and lists nothing.
    /// </summary>
    Task<IReadOnlyList<Roles.DivergentEntry>> BecomeReplicaAsync(string journal, string remoteScope, long lastReceived, long epoch, CancellationToken cancellationToken);

    /// <summary>Sets (or, when <paramref name="record"/> is null, removes) one record of a scope's copy, with a history line saying why.</summary>
    Task SetRecordAsync(string scope, string key, JournalRecord? record, string reason, CancellationToken cancellationToken);

    /// <summary>A journal's open divergent entries (one key's, when given), oldest first.</summary>
    Task<IReadOnlyList<Roles.DivergentEntry>> ListDivergenceAsync(string journal, string? key, int limit, CancellationToken cancellationToken);

    /// <summary>Open divergent entries of one journal, or of all when null.</summary>
    Task<long> CountDivergenceAsync(string? journal, CancellationToken cancellationToken);

    /// <summary>Closes divergent entries (re-applied or discarded), each with an activity line naming who and what; answers how many were open.</summary>
    Task<int> ResolveDivergenceAsync(string journal, IReadOnlyList<long> sequences, Roles.DivergenceAction action, string by, CancellationToken cancellationToken);
}
