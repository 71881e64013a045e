namespace OrleansHa.Roles;

/// <summary>The answer of <c>role check</c>: whether production could hand over to the backup now, item by item.</summary>
/// <param name="CheckedAt">When it was put together (this system's clock).</param>
/// <param name="Production">The production system.</param>
/// <param name="Backup">The backup system checked.</param>
/// <param name="Ready">True when every blocking item holds.</param>
/// <param name="Score">The share of items that hold, 0 to 100 (what STATUS shows).</param>
/// <param name="Items">Every item, users first.</param>
/// <param name="ClockSkew">The backup's clock minus production's, measured over one round trip; null when the backup did not answer.</param>
[GenerateSerializer, Immutable, Alias("orleansha.readiness-report")]
public sealed record ReadinessReport(
    [property: Id(0)] DateTimeOffset CheckedAt,
    [property: Id(1)] string Production,
    [property: Id(2)] string Backup,
    [property: Id(3)] bool Ready,
    [property: Id(4)] int Score,
    [property: Id(5)] IReadOnlyList<ReadinessItem> Items,
    [property: Id(6)] TimeSpan? ClockSkew);
