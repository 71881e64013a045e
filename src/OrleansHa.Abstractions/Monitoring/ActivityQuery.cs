namespace OrleansHa.Monitoring;

/// <summary>Which activity log entries to return.</summary>
/// <param name="FileSet">Only this file set's name, when given.</param>
/// <param name="Since">Only runs that finished at or after this time, when given.</param>
/// <param name="Limit">At most this many, newest first.</param>
[GenerateSerializer, Immutable, Alias("orleansha.activity-query")]
public sealed record ActivityQuery(
    [property: Id(0)] string? FileSet = null,
    [property: Id(1)] DateTimeOffset? Since = null,
    [property: Id(2)] int Limit = 50);
