namespace OrleansHa.Journals;

/// <summary>A local journal as the store holds it.</summary>
/// <param name="Definition">The definition, or null when the journal was never created.</param>
/// <param name="LastSequence">The last sequence assigned.</param>
/// <param name="Filtered">Changes kept out of the journal by selection rules.</param>
/// <param name="Rejected">Changes the local copy rejected.</param>
/// <param name="Receivers">Each receiver's position.</param>
/// <param name="Epoch">The epoch later appends carry (see <see cref="IJournalStore.SetEpochAsync"/>).</param>
public sealed record LocalJournalState(
    JournalDefinition? Definition,
    long LastSequence,
    long Filtered,
    long Rejected,
    IReadOnlyList<ReceiverProgress> Receivers,
    long Epoch = 0);
