using OrleansHa.Workers;

namespace OrleansHa.Status;

/// <summary>
/// What an operator asks (key <c>system</c>): answered from the monitor shards' cached tables and the
/// destinations' last probes. A user sees only their own workers and file sets.
/// </summary>
[Alias("orleansha.status-grain")]
public interface IStatusGrain : IGrainWithStringKey
{
    /// <summary>STATUS: workers, file sets' last runs, destinations and the queue.</summary>
    [Idempotent]
    Task<StatusReport> GetStatusAsync(StatusQuery query);

    /// <summary>One worker's live state, with the running sync's progress (for the client's progress bar).</summary>
    [Idempotent]
    Task<WorkerSnapshot> GetWorkerAsync(string workerKey);

    /// <summary>Retries a failed worker now (the administrator, or the worker's user).</summary>
    Task<bool> RetryAsync(string workerKey);

    /// <summary>This system's clock: any caller with a valid credential gets an answer (another system's probe of this one).</summary>
    [Idempotent]
    Task<DateTimeOffset> PingAsync();
}
