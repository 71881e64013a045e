namespace OrleansHa.Workers;

/// <summary>What the monitor gives a worker: the shard that supervises it and its file sets.</summary>
/// <param name="Shard">The monitor shard the worker reports to.</param>
/// <param name="FileSets">The file sets, sorted by name.</param>
[GenerateSerializer, Immutable, Alias("orleansha.worker-assignment")]
public sealed record WorkerAssignment(
    [property: Id(0)] long Shard,
    [property: Id(1)] IReadOnlyList<WorkerFileSet> FileSets);
