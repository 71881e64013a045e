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

    /// <summary>A record of this system's copy, or null when missing. Readers, writers, the owner and the administrator (as every read below).</summary>
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
}
