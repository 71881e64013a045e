namespace OrleansHa.Journals;

/// <summary>What an append did. Nothing is stored when <see cref="Accepted"/> is false.</summary>
/// <param name="Accepted">False when the append was refused (a receiver at its queue limit); see <see cref="Error"/>.</param>
/// <param name="FirstSequence">The first sequence assigned, or 0 when no change was journaled.</param>
/// <param name="LastSequence">The last sequence assigned, or 0 when no change was journaled.</param>
/// <param name="Journaled">Changes stored in the journal and to be shipped.</param>
/// <param name="Filtered">Changes applied locally but kept out of the journal by a selection rule.</param>
/// <param name="Rejected">Changes the local copy rejected by the apply rules (stale Put or Delete); not journaled.</param>
/// <param name="Error">Why the append was refused, naming the receiver and how far behind it is; null when accepted.</param>
/// <param name="Duplicate">True when this request id was appended before and this is the original answer.</param>
[GenerateSerializer, Immutable, Alias("orleansha.journal-append-result")]
public sealed record JournalAppendResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] long FirstSequence,
    [property: Id(2)] long LastSequence,
    [property: Id(3)] int Journaled,
    [property: Id(4)] int Filtered,
    [property: Id(5)] int Rejected,
    [property: Id(6)] string? Error,
    [property: Id(7)] bool Duplicate = false);
