namespace OrleansHa.Journals;

/// <summary>A change as the local journal stored it: with the sequence number it was given.</summary>
/// <param name="Sequence">Position in the journal, from 1, without gaps.</param>
/// <param name="Change">The record change.</param>
[GenerateSerializer, Immutable, Alias("orleansha.journal-entry")]
public sealed record JournalEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] JournalChange Change);
