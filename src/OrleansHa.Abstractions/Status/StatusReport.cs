using OrleansHa.Workers;

namespace OrleansHa.Status;

/// <summary>The answer to STATUS: workers, file sets' last runs, destinations and the queue.</summary>
/// <param name="GeneratedAt">When it was put together.</param>
/// <param name="Shards">Monitor shards in use.</param>
/// <param name="Counts">Workers per state across the shards.</param>
/// <param name="FileSetCount">File sets assigned to workers.</param>
/// <param name="Workers">Workers (running, waiting and failed ones; idle ones too when asked), up to the limit.</param>
/// <param name="FileSets">The file sets' last runs, up to the limit.</param>
/// <param name="Destinations">Destinations with their availability (only for the administrator).</param>
/// <param name="Queue">Runs waiting, highest priority first, up to the limit.</param>
/// <param name="Role">This system's role gate (epoch, role, production); null when the report was made without it.</param>
/// <param name="Readiness">The last readiness check of a switch-over (its score is what STATUS shows); the administrator's only, null otherwise.</param>
[GenerateSerializer, Immutable, Alias("orleansha.status-report")]
public sealed record StatusReport(
    [property: Id(0)] DateTimeOffset GeneratedAt,
    [property: Id(1)] int Shards,
    [property: Id(2)] WorkerCounts Counts,
    [property: Id(3)] int FileSetCount,
    [property: Id(4)] IReadOnlyList<WorkerStatus> Workers,
    [property: Id(5)] IReadOnlyList<FileSetStatus> FileSets,
    [property: Id(6)] IReadOnlyList<DestinationStatus> Destinations,
    [property: Id(7)] IReadOnlyList<QueuedRun> Queue,
    [property: Id(8)] Roles.RoleGate? Role = null,
    [property: Id(9)] Roles.ReadinessReport? Readiness = null);
