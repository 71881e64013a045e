namespace OrleansHa.Journals;

/// <summary>One change a copy of the records saw, with what it did.</summary>
/// <param name="Sequence">The journal sequence, or null for a change that was not journaled (filtered or rejected locally).</param>
/// <param name="Change">The change.</param>
/// <param name="Outcome">What applying it did.</param>
/// <param name="RecordedAt">When this system applied it.</param>
[GenerateSerializer, Immutable, Alias("orleansha.record-history-entry")]
public sealed record RecordHistoryEntry(
    [property: Id(0)] long? Sequence,
    [property: Id(1)] JournalChange Change,
    [property: Id(2)] ChangeOutcome Outcome,
    [property: Id(3)] DateTimeOffset RecordedAt);
