namespace OrleansHa.Status;

/// <summary>How many workers are in each state.</summary>
/// <param name="Idle">Idle workers.</param>
/// <param name="Running">Running workers.</param>
/// <param name="Waiting">Workers waiting for their destination or for a run slot of their silo.</param>
/// <param name="Failed">Failed workers (being retried).</param>
/// <param name="NeedsOperator">Workers the delete guard stopped: not retried until an operator looks.</param>
[GenerateSerializer, Immutable, Alias("orleansha.worker-counts")]
public sealed record WorkerCounts(
    [property: Id(0)] int Idle,
    [property: Id(1)] int Running,
    [property: Id(2)] int Waiting,
    [property: Id(3)] int Failed,
    [property: Id(4)] int NeedsOperator = 0)
{
    /// <summary>No workers.</summary>
    public static WorkerCounts None { get; } = new(0, 0, 0, 0);

    /// <summary>All workers.</summary>
    public int Total => Idle + Running + Waiting + Failed + NeedsOperator;

    /// <summary>The sum of two counts.</summary>
    public WorkerCounts Add(WorkerCounts other) => new(Idle + other.Idle, Running + other.Running, Waiting + other.Waiting, Failed + other.Failed, NeedsOperator + other.NeedsOperator);
}
