namespace OrleansHa.Journals;

/// <summary>What applying a change to a stored record gives.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Record">The record to store after the change; null when it is to be removed or left alone (see <see cref="Write"/>).</param>
/// <param name="Write">What the store must do.</param>
public readonly record struct ApplyResult(ChangeOutcome Outcome, JournalRecord? Record, RecordWrite Write);
