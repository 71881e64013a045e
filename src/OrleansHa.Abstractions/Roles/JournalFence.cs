namespace OrleansHa.Roles;

/// <summary>
/// Where a journal stood when the epoch began: the last sequence the new production had received of it. A former
/// production system's entries after it were never shipped; they are its divergence.
/// </summary>
/// <param name="Journal">The journal's name.</param>
/// <param name="Epoch">The epoch that began at this position.</param>
/// <param name="LastReceivedSequence">The last sequence received (and applied) before the epoch began.</param>
[GenerateSerializer, Immutable, Alias("orleansha.journal-fence")]
public sealed record JournalFence(
    [property: Id(0)] string Journal,
    [property: Id(1)] long Epoch,
    [property: Id(2)] long LastReceivedSequence);
