namespace OrleansHa.Journals;

/// <summary>One send of a batch to a receiver, and how it ended.</summary>
/// <param name="Receiver">The receiving system.</param>
/// <param name="FirstSequence">First sequence sent.</param>
/// <param name="LastSequence">Last sequence sent.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="Result">The receiver's answer, or null when the send failed.</param>
/// <param name="Error">Why the send failed, or null.</param>
public sealed record ShipmentReport(
    string Receiver,
    long FirstSequence,
    long LastSequence,
    DateTimeOffset SentAt,
    RemoteReceiveResult? Result,
    string? Error);
