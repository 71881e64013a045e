namespace OrleansHa.Workers;

/// <summary>What a sync worker is doing.</summary>
[GenerateSerializer, Alias("orleansha.worker-state")]
public enum WorkerState
{
    /// <summary>Nothing queued.</summary>
    Idle,

    /// <summary>A run is in progress.</summary>
    Running,

    /// <summary>Runs are queued but the destination is unavailable or disabled; not a failure.</summary>
    WaitingForDestination,

    /// <summary>The last run failed; the monitor retries it.</summary>
    Failed,

    /// <summary>
    /// The delete guard refused a run: nothing is retried until an operator looks (fixes the source, or lets one run
    /// through with <c>sync now --allow-mass-delete</c>).
    /// </summary>
    NeedsOperator,

    /// <summary>A run is ready but waits for one of the silo's run slots (the per-silo limit on concurrent runs).</summary>
    WaitingForSlot,
}
