using OrleansHa.FileSets;

namespace OrleansHa.Workers;

/// <summary>A worker as it sees itself.</summary>
/// <param name="WorkerKey">The worker.</param>
/// <param name="Assignment">Its assignment, or null when it has none (stopped).</param>
/// <param name="State">Its state.</param>
/// <param name="Progress">The running sync's progress, when running.</param>
/// <param name="Queue">The runs waiting.</param>
/// <param name="LastRun">The last run that ended.</param>
/// <param name="CheckpointCount">How many file sets have a checkpoint (the manifest of their last good run).</param>
/// <param name="Assignments">How many assignments the worker has taken from the monitor (a refresh that leaves it alone sends none).</param>
/// <param name="InFlightRunId">The id of the run in flight, when one is.</param>
/// <param name="WaitingFor">Why the queued runs wait (the destination is unavailable or disabled, or every run slot of the silo is taken), when they do.</param>
/// <param name="NeedsOperator">Why the worker needs an operator (the delete guard refused a run), when it does.</param>
/// <param name="Silo">The silo the worker is active on (Orleans' silo address, e.g. <c>S127.0.0.1:11111:123456789</c>), so operators and tests see where it runs.</param>
[GenerateSerializer, Immutable, Alias("orleansha.worker-snapshot")]
public sealed record WorkerSnapshot(
    [property: Id(0)] string WorkerKey,
    [property: Id(1)] WorkerAssignment? Assignment,
    [property: Id(2)] WorkerState State,
    [property: Id(3)] RunProgress? Progress,
    [property: Id(4)] IReadOnlyList<QueuedRun> Queue,
    [property: Id(5)] RunRecord? LastRun,
    [property: Id(6)] int CheckpointCount,
    [property: Id(7)] long Assignments,
    [property: Id(8)] string? InFlightRunId = null,
    [property: Id(9)] string? WaitingFor = null,
    [property: Id(10)] string? NeedsOperator = null,
    [property: Id(11)] string? Silo = null);
