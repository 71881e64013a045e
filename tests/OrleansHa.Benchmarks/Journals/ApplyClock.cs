using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansHa.Journals;
using OrleansHa.Roles;

namespace OrleansHa.Benchmarks.Journals;

/// <summary>
/// The receiving system's journal store, wrapped to note when each received batch was durably applied
/// (<see cref="Stopwatch"/> timestamps by last applied sequence): the far end of the replication lag.
/// </summary>
internal sealed class ApplyClock(IJournalStore inner) : IJournalStore
{
    public ConcurrentQueue<(long LastApplied, long At)> Applied { get; } = new();

    public async Task<RemoteReceiveOutcome> ReceiveAsync(string remoteJournal, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        var outcome = await inner.ReceiveAsync(remoteJournal, entries, cancellationToken);
        Applied.Enqueue((outcome.Result.LastApplied, Stopwatch.GetTimestamp()));
        return outcome;
    }

    public Task<LocalJournalState> GetLocalStateAsync(string journal, CancellationToken cancellationToken) => inner.GetLocalStateAsync(journal, cancellationToken);

    public Task<LocalJournalState> SaveDefinitionAsync(string journal, JournalDefinition definition, CancellationToken cancellationToken) => inner.SaveDefinitionAsync(journal, definition, cancellationToken);

    public Task<IReadOnlyList<string>> ListJournalsAsync(CancellationToken cancellationToken) => inner.ListJournalsAsync(cancellationToken);

    public Task<LocalAppendOutcome> AppendAsync(string journal, string requestId, IReadOnlyList<JournalChange> changes, IReadOnlyList<SelectionRule> rules, long maxJournaled, bool retainEntries, CancellationToken cancellationToken)
        => inner.AppendAsync(journal, requestId, changes, rules, maxJournaled, retainEntries, cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(string journal, long afterSequence, int maxCount, long maxBytes, CancellationToken cancellationToken) => inner.ReadEntriesAsync(journal, afterSequence, maxCount, maxBytes, cancellationToken);

    public Task<ReceiverProgress> RecordShipmentAsync(string journal, ShipmentReport report, CancellationToken cancellationToken) => inner.RecordShipmentAsync(journal, report, cancellationToken);

    public Task<ReceiverProgress> SetReceiverEnabledAsync(string journal, string receiver, bool enabled, CancellationToken cancellationToken) => inner.SetReceiverEnabledAsync(journal, receiver, enabled, cancellationToken);

    public Task<RemoteJournalStatus> GetRemoteStatusAsync(string remoteJournal, CancellationToken cancellationToken) => inner.GetRemoteStatusAsync(remoteJournal, cancellationToken);

    public Task<JournalRecord?> GetRecordAsync(string scope, string key, CancellationToken cancellationToken) => inner.GetRecordAsync(scope, key, cancellationToken);

    public Task<IReadOnlyList<string>> ListKeysAsync(string scope, string prefix, string? afterKey, int limit, CancellationToken cancellationToken) => inner.ListKeysAsync(scope, prefix, afterKey, limit, cancellationToken);

    public Task<IReadOnlyList<RecordHistoryEntry>> GetHistoryAsync(string scope, string key, int limit, CancellationToken cancellationToken) => inner.GetHistoryAsync(scope, key, limit, cancellationToken);

    public Task AddActivityAsync(ActivityEntry entry, CancellationToken cancellationToken) => inner.AddActivityAsync(entry, cancellationToken);

    public Task<IReadOnlyList<ActivityEntry>> QueryActivityAsync(ActivityQuery query, CancellationToken cancellationToken) => inner.QueryActivityAsync(query, cancellationToken);

    public Task SetEpochAsync(string journal, long epoch, CancellationToken cancellationToken) => inner.SetEpochAsync(journal, epoch, cancellationToken);

    public Task<long> AdoptReplicaAsync(string journal, string remoteScope, long epoch, CancellationToken cancellationToken) => inner.AdoptReplicaAsync(journal, remoteScope, epoch, cancellationToken);

    public Task<IReadOnlyList<DivergentEntry>> BecomeReplicaAsync(string journal, string remoteScope, long lastReceived, long epoch, CancellationToken cancellationToken)
        => inner.BecomeReplicaAsync(journal, remoteScope, lastReceived, epoch, cancellationToken);

    public Task SetRecordAsync(string scope, string key, JournalRecord? record, string reason, CancellationToken cancellationToken) => inner.SetRecordAsync(scope, key, record, reason, cancellationToken);

    public Task<IReadOnlyList<DivergentEntry>> ListDivergenceAsync(string journal, string? key, int limit, CancellationToken cancellationToken) => inner.ListDivergenceAsync(journal, key, limit, cancellationToken);

    public Task<long> CountDivergenceAsync(string? journal, CancellationToken cancellationToken) => inner.CountDivergenceAsync(journal, cancellationToken);

    public Task<int> ResolveDivergenceAsync(string journal, IReadOnlyList<long> sequences, DivergenceAction action, string by, CancellationToken cancellationToken)
        => inner.ResolveDivergenceAsync(journal, sequences, action, by, cancellationToken);
}
