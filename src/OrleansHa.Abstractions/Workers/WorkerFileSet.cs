namespace OrleansHa.Workers;

/// <summary>One file set as the monitor assigns it to a worker.</summary>
/// <param name="Name">The file set's name (its owner is the worker's user).</param>
/// <param name="Priority">Its priority; higher runs first.</param>
/// <param name="Version">The file set's version when assigned, so a changed definition changes the list.</param>
[GenerateSerializer, Immutable, Alias("orleansha.worker-fileset")]
public sealed record WorkerFileSet(
    [property: Id(0)] string Name,
    [property: Id(1)] int Priority,
    [property: Id(2)] long Version);
