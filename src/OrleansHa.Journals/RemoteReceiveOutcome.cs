namespace OrleansHa.Journals;

/// <summary>What the store did with a received batch.</summary>
/// <param name="Result">The answer for the sender.</param>
/// <param name="Rejections">Entries the apply rules rejected, for the log.</param>
public sealed record RemoteReceiveOutcome(RemoteReceiveResult Result, IReadOnlyList<ChangeRejection> Rejections);
