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
}
