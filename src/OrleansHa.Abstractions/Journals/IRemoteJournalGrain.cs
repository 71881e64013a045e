namespace OrleansHa.Journals;

/// <summary>
/// A remote journal on a receiving system (key: <c>name@SOURCE</c>, e.g. <c>orders@PROD</c>): stores what the source's
/// local journal sends and applies it to this system's replica, in order and exactly once.
/// </summary>
[Alias("orleansha.remote-journal-grain")]
public interface IRemoteJournalGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores and applies a batch of consecutive entries. Entries already applied are ignored; a batch that skips
    /// sequences is refused. Answers the last applied sequence, from which the sender continues. Administrators only.
    /// </summary>
    [Idempotent]
    Task<RemoteReceiveResult> ReceiveAsync(JournalEntry[] entries);

    /// <summary>Position and counters, including rejections by the apply rules.</summary>
    [Idempotent]
    Task<RemoteJournalStatus> GetStatusAsync();

    /// <summary>A record of the replica, or null when missing.</summary>
    [Idempotent]
    Task<JournalRecord?> GetRecordAsync(string key);

    /// <summary>Keys of the replica starting with <paramref name="prefix"/>, in ordinal order, after <paramref name="afterKey"/> (paging).</summary>
    [Idempotent]
    Task<string[]> ListKeysAsync(string prefix, string? afterKey, int limit);

    /// <summary>A record's received changes with what applying each did, newest first.</summary>
    [Idempotent]
    Task<RecordHistoryEntry[]> GetHistoryAsync(string key, int limit);

    /// <summary>The activity journal's lines for this remote journal, newest first.</summary>
    [Idempotent]
    Task<ActivityEntry[]> GetActivityAsync(string? key, DateTimeOffset? from, DateTimeOffset? to, int limit);
}
