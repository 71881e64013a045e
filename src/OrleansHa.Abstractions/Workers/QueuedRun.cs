namespace OrleansHa.Workers;

/// <summary>A run waiting in a worker's queue.</summary>
/// <param name="WorkerKey">The worker (<c>user|destination|batch</c>).</param>
/// <param name="FileSet">The file set's name.</param>
/// <param name="Priority">Its priority; higher runs first, then first come first served.</param>
/// <param name="Reason">Why it was queued: schedule, sync now, retry.</param>
/// <param name="QueuedAt">When it was queued.</param>
/// <param name="RunId">The run's id, unique per queued run (null in runs queued before ids existed); its <see cref="FileSets.RunRecord"/> carries it.</param>
/// <param name="AllowMassDelete">An operator let this one run through the delete guard (<c>sync now --allow-mass-delete</c>).</param>
[GenerateSerializer, Immutable, Alias("orleansha.queued-run")]
public sealed record QueuedRun(
    [property: Id(0)] string WorkerKey,
    [property: Id(1)] string FileSet,
    [property: Id(2)] int Priority,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset QueuedAt,
    [property: Id(5)] string? RunId = null,
    [property: Id(6)] bool AllowMassDelete = false);
