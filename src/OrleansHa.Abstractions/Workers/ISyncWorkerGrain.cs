using Orleans.Concurrency;
using OrleansHa.Security;

namespace OrleansHa.Workers;

/// <summary>
/// The sync worker of one user, destination and batch (key <c>user|destination|batch</c>). It runs
/// its file sets one at a time, highest priority first, acting only inside the user's roots, keeps
/// per file set the manifest of the last good run, and reports to its monitor shard.
/// </summary>
[SiloOnly, Alias("orleansha.sync-worker-grain")]
public interface ISyncWorkerGrain : IGrainWithStringKey
{
    /// <summary>Takes a new assignment from the monitor (the shard and the file set list).</summary>
    Task AssignAsync(WorkerAssignment assignment);

    /// <summary>Stops the worker: drops its assignment, queue and checkpoints (the monitor no longer needs it).</summary>
    Task StopAsync();

    /// <summary>Queues a run of one file set; false when it was already queued or running.</summary>
    Task<bool> EnqueueAsync(string fileSetName, int priority, string reason);

    /// <summary>Queues a run of one file set, or joins the run of it already queued or running; returns that run's id.</summary>
    Task<QueuedRunTicket> QueueRunAsync(string fileSetName, int priority, string reason);

    /// <summary>
    /// As <see cref="QueueRunAsync(string, int, string)"/>; with <paramref name="allowMassDelete"/>, the run may pass the
    /// delete guard once (a queued run joined gets the permission; a run already going keeps what it started with).
    /// </summary>
    Task<QueuedRunTicket> QueueRunAsync(string fileSetName, int priority, string reason, bool allowMassDelete);

    /// <summary>Queues again the runs that failed (the monitor's retry).</summary>
    Task RetryAsync();

    /// <summary>Starts queued runs again (the destination came back).</summary>
    Task ResumeAsync();

    /// <summary>The worker's state, queue and running progress; finds a run lost to a silo restart.</summary>
    Task<WorkerSnapshot> GetSnapshotAsync();

    /// <summary>Drops the checkpoints and the queue, keeping the assignment (cold start).</summary>
    Task ResetAsync();

    /// <summary>Runs what is queued, one run at a time (the worker sends this to itself).</summary>
    [OneWay]
    Task ProcessQueueAsync();
}
