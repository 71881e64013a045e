namespace OrleansHa.Journals;

// Step 1 of issue 12: the registration and the schema are in place so the silo can wire the store; the operations
// follow in the next commit. Until then each throws, naming the store that is not there yet.
public sealed partial class PostgresJournalStore
{
    private static NotSupportedException NotYet() => new("The PostgreSQL journal store's operations are not in this build yet; use --journal-store sqlite.");

    /// <inheritdoc/>
    public Task<LocalJournalState> GetLocalStateAsync(string journal, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<LocalJournalState> SaveDefinitionAsync(string journal, JournalDefinition definition, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListJournalsAsync(CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<LocalAppendOutcome> AppendAsync(string journal, string requestId, IReadOnlyList<JournalChange> changes, IReadOnlyList<SelectionRule> rules, long maxJournaled, bool retainEntries, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(string journal, long afterSequence, int maxCount, long maxBytes, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<ReceiverProgress> RecordShipmentAsync(string journal, ShipmentReport report, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<ReceiverProgress> SetReceiverEnabledAsync(string journal, string receiver, bool enabled, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<RemoteReceiveOutcome> ReceiveAsync(string remoteJournal, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<RemoteJournalStatus> GetRemoteStatusAsync(string remoteJournal, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<JournalRecord?> GetRecordAsync(string scope, string key, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListKeysAsync(string scope, string prefix, string? afterKey, int limit, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<IReadOnlyList<RecordHistoryEntry>> GetHistoryAsync(string scope, string key, int limit, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task AddActivityAsync(ActivityEntry entry, CancellationToken cancellationToken) => throw NotYet();

    /// <inheritdoc/>
    public Task<IReadOnlyList<ActivityEntry>> QueryActivityAsync(ActivityQuery query, CancellationToken cancellationToken) => throw NotYet();

    /// <summary>Opens a connection and checks the schema: proves the database is reachable and current.</summary>
    internal Task CheckAsync(CancellationToken cancellationToken) => ReadAsync("reach the database", async (s, ct) => await s.ScalarAsync("SELECT 1", ct), cancellationToken);
}
