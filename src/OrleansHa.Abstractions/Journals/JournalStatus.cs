namespace OrleansHa.Journals;

/// <summary>A local journal's position, counters and receivers.</summary>
/// <param name="Name">The journal.</param>
/// <param name="Defined">False when the journal was never created.</param>
/// <param name="LastSequence">The last sequence assigned.</param>
/// <param name="Filtered">Changes applied locally but kept out of the journal by selection rules.</param>
/// <param name="Rejected">Changes the local copy rejected by the apply rules.</param>
/// <param name="QueueLimit">Entries a receiver may be behind before appends are refused.</param>
/// <param name="Receivers">Each receiver's position.</param>
/// <param name="Silo">The silo the journal is active on (Orleans' silo address, e.g. <c>S127.0.0.1:11111:123456789</c>): it ships from there.</param>
[GenerateSerializer, Immutable, Alias("orleansha.journal-status")]
public sealed record JournalStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Defined,
    [property: Id(2)] long LastSequence,
    [property: Id(3)] long Filtered,
    [property: Id(4)] long Rejected,
    [property: Id(5)] long QueueLimit,
    [property: Id(6)] ReceiverStatus[] Receivers,
    [property: Id(7)] string? Silo = null);
