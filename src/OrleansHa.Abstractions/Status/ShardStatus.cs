using OrleansHa.Workers;

namespace OrleansHa.Status;

/// <summary>One monitor shard's answer to STATUS.</summary>
/// <param name="Shard">The shard.</param>
/// <param name="Counts">Workers per state (all of them, whatever the limit).</param>
/// <param name="FileSetCount">File sets assigned to the matching workers.</param>
/// <param name="Workers">The matching workers, up to the limit.</param>
/// <param name="FileSets">The last runs of the matching workers' file sets, up to the limit.</param>
/// <param name="Queue">Queued runs of the matching workers, up to the limit.</param>
[GenerateSerializer, Immutable, Alias("orleansha.shard-status")]
public sealed record ShardStatus(
    [property: Id(0)] long Shard,
    [property: Id(1)] WorkerCounts Counts,
    [property: Id(2)] int FileSetCount,
    [property: Id(3)] IReadOnlyList<WorkerStatus> Workers,
    [property: Id(4)] IReadOnlyList<FileSetStatus> FileSets,
    [property: Id(5)] IReadOnlyList<QueuedRun> Queue);
