using OrleansHa.Workers;

namespace OrleansHa.Grains.Monitoring;

/// <summary>One row of a monitor shard's checkpointed worker table.</summary>
[GenerateSerializer, Alias("orleansha.monitor-worker-record")]
public sealed class MonitorWorkerRecord
{
    [Id(0)] public string User { get; set; } = string.Empty;
    [Id(1)] public string Destination { get; set; } = string.Empty;
    [Id(2)] public string BatchId { get; set; } = string.Empty;
    [Id(3)] public List<WorkerFileSet> FileSets { get; set; } = [];

    /// <summary>Failed attempts since the last success.</summary>
    [Id(4)] public int Failures { get; set; }

    /// <summary>When the next slow retry is due (null: none pending).</summary>
    [Id(5)] public DateTimeOffset? NextRetryAt { get; set; }

    [Id(6)] public string? LastError { get; set; }
    [Id(7)] public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>The delete guard refused a run of the worker: not retried until an operator lets one through or fixes the source.</summary>
    [Id(8)] public bool NeedsOperator { get; set; }
}
