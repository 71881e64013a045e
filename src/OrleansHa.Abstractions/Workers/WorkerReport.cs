using OrleansHa.FileSets;

namespace OrleansHa.Workers;

/// <summary>What a worker tells its monitor when its state changes.</summary>
/// <param name="WorkerKey">The worker.</param>
/// <param name="State">Its state now.</param>
/// <param name="Running">The file set being run, when running.</param>
/// <param name="Queue">The runs waiting.</param>
/// <param name="LastRun">The run that just ended, if one did.</param>
/// <param name="Error">Why it failed or waits, when it does.</param>
[GenerateSerializer, Immutable, Alias("orleansha.worker-report")]
public sealed record WorkerReport(
    [property: Id(0)] string WorkerKey,
    [property: Id(1)] WorkerState State,
    [property: Id(2)] string? Running,
    [property: Id(3)] IReadOnlyList<QueuedRun> Queue,
    [property: Id(4)] RunRecord? LastRun,
    [property: Id(5)] string? Error);
