namespace Orleans.Concurrency;

/// <summary>On a grain class: several local activations of one grain id may serve requests in parallel.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StatelessWorkerAttribute : Attribute
{
    /// <summary>At most one worker per processor.</summary>
    public StatelessWorkerAttribute()
        : this(-1)
    {
    }

    /// <summary>At most <paramref name="maxLocalWorkers"/> workers (a value ≤ 0 means one per processor).</summary>
    public StatelessWorkerAttribute(int maxLocalWorkers)
        : this(maxLocalWorkers, true)
    {
    }

    /// <summary>At most <paramref name="maxLocalWorkers"/> workers; whether idle ones are collected.</summary>
    public StatelessWorkerAttribute(int maxLocalWorkers, bool removeIdleWorkers)
    {
        MaxLocalWorkers = maxLocalWorkers;
        RemoveIdleWorkers = removeIdleWorkers;
    }

    /// <summary>The largest number of local workers; ≤ 0 means <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxLocalWorkers { get; }

    /// <summary>Whether idle workers are collected.</summary>
    public bool RemoveIdleWorkers { get; }
}
