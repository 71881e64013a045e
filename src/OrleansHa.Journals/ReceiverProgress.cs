namespace OrleansHa.Journals;

/// <summary>A receiver's stored position and counters (the recovery file's view of it).</summary>
/// <param name="SystemName">The receiving system.</param>
/// <param name="Acknowledged">The last sequence it stored and applied.</param>
/// <param name="Enabled">False while replication to it is disabled.</param>
/// <param name="Rejected">Entries it rejected by the apply rules.</param>
/// <param name="Retries">Sends that failed.</param>
/// <param name="LastError">The last failure, or null.</param>
/// <param name="LastShippedAt">When it last acknowledged, or null.</param>
public sealed record ReceiverProgress(
    string SystemName,
    long Acknowledged,
    bool Enabled,
    long Rejected,
    long Retries,
    string? LastError,
    DateTimeOffset? LastShippedAt);
