namespace OrleansHa.Journals;

/// <summary>One line of the activity journal.</summary>
/// <param name="At">When it happened on this system.</param>
/// <param name="Journal">The journal (local name, or <c>name@SOURCE</c> on a receiver).</param>
/// <param name="System">The other system involved, or null.</param>
/// <param name="Key">The record key when the line is about one record, else null.</param>
/// <param name="FirstSequence">First sequence concerned, or null.</param>
/// <param name="LastSequence">Last sequence concerned, or null.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Detail">Counts, the error, or the rule, in words.</param>
[GenerateSerializer, Immutable, Alias("orleansha.activity-entry")]
public sealed record ActivityEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Journal,
    [property: Id(2)] string? System,
    [property: Id(3)] string? Key,
    [property: Id(4)] long? FirstSequence,
    [property: Id(5)] long? LastSequence,
    [property: Id(6)] ActivityKind Kind,
    [property: Id(7)] string Detail);
