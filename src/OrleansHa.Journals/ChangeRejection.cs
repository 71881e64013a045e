namespace OrleansHa.Journals;

/// <summary>A change the apply rules rejected, for logging.</summary>
/// <param name="Key">The record key.</param>
/// <param name="Sequence">The journal sequence, or null for a local append.</param>
/// <param name="Outcome">Which rule rejected it.</param>
/// <param name="Timestamp">The change's timestamp.</param>
/// <param name="StoredTimestamp">The stored record's timestamp it was not newer than.</param>
public sealed record ChangeRejection(string Key, long? Sequence, ChangeOutcome Outcome, DateTimeOffset Timestamp, DateTimeOffset StoredTimestamp);
