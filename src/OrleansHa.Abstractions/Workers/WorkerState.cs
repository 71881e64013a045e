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
}
