namespace OrleansHa.Journals;

/// <summary>Where one receiver of a local journal stands.</summary>
/// <param name="SystemName">The receiving system.</param>
/// <param name="Gateway">Its gateway (host:port).</param>
/// <param name="Enabled">False while replication to it is disabled (entries wait and follow once enabled).</param>
/// <param name="Acknowledged">The last sequence it stored and applied.</param>
/// <param name="Lag">Entries appended but not yet acknowledged by it.</param>
/// <param name="Rejected">Entries it rejected by the apply rules (stale Put or Delete).</param>
/// <param name="Retries">Sends that failed and were retried.</param>
/// <param name="LastError">The last send failure, or null.</param>
/// <param name="LastShippedAt">When it last acknowledged a batch, or null.</param>
[GenerateSerializer, Immutable, Alias("orleansha.receiver-status")]
public sealed record ReceiverStatus(
    [property: Id(0)] string SystemName,
    [property: Id(1)] string Gateway,
    [property: Id(2)] bool Enabled,
    [property: Id(3)] long Acknowledged,
    [property: Id(4)] long Lag,
    [property: Id(5)] long Rejected,
    [property: Id(6)] long Retries,
    [property: Id(7)] string? LastError,
    [property: Id(8)] DateTimeOffset? LastShippedAt);
