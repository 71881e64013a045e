namespace OrleansHa.Journals;

/// <summary>What the store did with an append.</summary>
/// <param name="Result">The answer for the caller (when refused: Accepted is false and Error is null; the grain words the error).</param>
/// <param name="Rejections">Changes the local copy rejected, for the log.</param>
/// <param name="WouldJournal">When refused: how many entries the append would have added.</param>
public sealed record LocalAppendOutcome(JournalAppendResult Result, IReadOnlyList<ChangeRejection> Rejections, int WouldJournal);
