namespace OrleansHa.Journals;

/// <summary>Which activity lines to read: one journal, optionally one key and a time range, newest first.</summary>
/// <param name="Journal">The journal (local name, or <c>name@SOURCE</c> on a receiver).</param>
/// <param name="Key">Only lines about this record, or null for all.</param>
/// <param name="From">Inclusive lower bound, or null.</param>
/// <param name="To">Exclusive upper bound, or null.</param>
/// <param name="Limit">At most this many lines (1 to 10,000).</param>
[GenerateSerializer, Immutable, Alias("orleansha.journal-activity-query")]
public sealed record ActivityQuery(
    [property: Id(0)] string Journal,
    [property: Id(1)] string? Key = null,
    [property: Id(2)] DateTimeOffset? From = null,
    [property: Id(3)] DateTimeOffset? To = null,
    [property: Id(4)] int Limit = 100);
