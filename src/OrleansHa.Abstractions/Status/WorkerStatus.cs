using OrleansHa.Workers;

namespace OrleansHa.Status;

/// <summary>One worker as the monitor's table has it.</summary>
/// <param name="WorkerKey">The worker (<c>user|destination|batch</c>).</param>
/// <param name="Shard">The monitor shard supervising it.</param>
/// <param name="State">Idle, running, waiting for destination, or failed.</param>
/// <param name="FileSets">The names of its file sets.</param>
/// <param name="Running">The file set being run, when running.</param>
/// <param name="Progress">The running sync's progress (filled by the status grain for running workers).</param>
/// <param name="Failures">Failed attempts since the last success.</param>
/// <param name="NextRetryAt">When the next slow retry is due, when one is.</param>
/// <param name="LastError">The last failure's or wait's reason.</param>
/// <param name="LastRunAt">When its last run finished.</param>
[GenerateSerializer, Immutable, Alias("orleansha.worker-status")]
public sealed record WorkerStatus(
    [property: Id(0)] string WorkerKey,
    [property: Id(1)] long Shard,
    [property: Id(2)] WorkerState State,
    [property: Id(3)] IReadOnlyList<string> FileSets,
    [property: Id(4)] string? Running,
    [property: Id(5)] RunProgress? Progress,
    [property: Id(6)] int Failures,
    [property: Id(7)] DateTimeOffset? NextRetryAt,
    [property: Id(8)] string? LastError,
    [property: Id(9)] DateTimeOffset? LastRunAt);
