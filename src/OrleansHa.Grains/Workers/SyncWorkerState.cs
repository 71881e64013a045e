using OrleansHa.FileSets;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Workers;

/// <summary>The persisted state of a sync worker: assignment, queue, the run in flight, failed runs, checkpoints.</summary>
[GenerateSerializer, Alias("orleansha.sync-worker-state")]
public sealed class SyncWorkerState
{
    [Id(0)] public WorkerAssignment? Assignment { get; set; }

    /// <summary>Runs waiting, in arrival order (the pick is by priority).</summary>
    [Id(1)] public List<QueuedRun> Queue { get; set; } = [];

    /// <summary>The run started and not yet recorded; found here after a silo restart, it counts as failed.</summary>
    [Id(2)] public QueuedRun? InFlight { get; set; }

    /// <summary>Runs that failed, waiting for the monitor's retry.</summary>
    [Id(3)] public List<QueuedRun> Failed { get; set; } = [];

    [Id(4)] public RunRecord? LastRun { get; set; }

    /// <summary>File sets with a manifest of their last good run.</summary>
    [Id(5)] public List<string> Checkpoints { get; set; } = [];

    /// <summary>Why queued runs wait, while the destination is unavailable or disabled.</summary>
    [Id(6)] public string? WaitingFor { get; set; }

    /// <summary>Assignments taken from the monitor.</summary>
    [Id(7)] public long Assignments { get; set; }

    /// <summary>
    /// Finished runs whose record may not yet be on their file set and in the activity log. Saved with
    /// <see cref="LastRun"/> in one write and removed once both have it, so a crash between the writes leaves the
    /// record here and the next pump (activation, watchdog) records it again; both records are idempotent by run id.
    /// </summary>
    [Id(8)] public List<RunRecord> Unrecorded { get; set; } = [];

    /// <summary>
    /// File sets whose last run the delete guard refused, with why: the worker needs an operator. Not retried; a run of
    /// the file set that ends otherwise (one let through with <c>sync now --allow-mass-delete</c>, or one after the
    /// source was fixed) removes its entry.
    /// </summary>
    [Id(9)] public Dictionary<string, string> NeedsOperator { get; set; } = [];

    /// <summary>
    /// Per file set, the id of the run whose checkpoint this worker trusts: that run wrote the manifest and the same id
    /// into the <c>.manifest.stamp</c> beside it, on the silo it ran on. Removed when a run starts (saved with
    /// <see cref="InFlight"/>) and set once it has written its stamp file, so a manifest whose stamp differs — left on a
    /// silo by an older run while runs elsewhere changed the target — is deleted before the next run there.
    /// </summary>
    [Id(10)] public Dictionary<string, string> CheckpointStamps { get; set; } = [];
}
