namespace OrleansHa.Monitoring;

/// <summary>What a monitor shard did on a refresh.</summary>
/// <param name="Refused">Users the shard gave up because their workers would not fit in it; the registry moves them.</param>
/// <param name="WorkerCount">Workers the shard supervises now.</param>
/// <param name="Started">Workers started.</param>
/// <param name="Reassigned">Workers sent a new file set list.</param>
/// <param name="Stopped">Workers stopped.</param>
[GenerateSerializer, Immutable, Alias("orleansha.refresh-result")]
public sealed record RefreshResult(
    [property: Id(0)] IReadOnlyList<string> Refused,
    [property: Id(1)] int WorkerCount,
    [property: Id(2)] int Started,
    [property: Id(3)] int Reassigned,
    [property: Id(4)] int Stopped);
