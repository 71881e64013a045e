using OrleansHa.Workers;

namespace OrleansHa.Grains.Monitoring;

/// <summary>What a monitor shard knows of a worker from its reports (memory only; rebuilt from reports after a restart).</summary>
internal sealed class LiveWorker
{
    public WorkerState State { get; set; }
    public string? Running { get; set; }
    public IReadOnlyList<QueuedRun> Queue { get; set; } = [];
}
