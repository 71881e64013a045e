namespace OrleansHa.Journals;

/// <summary>A change as the local journal stored it: with the sequence number it was given.</summary>
/// <param name="Sequence">Position in the journal, from 1, without gaps.</param>
/// <param name="Change">The record change.</param>
/// <param name="Epoch">The HA group epoch it was appended in (0: no group); a receiver refuses entries of an older epoch than its own.</param>
[GenerateSerializer, Immutable, Alias("orleansha.journal-entry")]
public sealed record JournalEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] JournalChange Change,
    [property: Id(2)] long Epoch = 0);
