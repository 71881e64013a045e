namespace OrleansHa.Grains.Monitoring;

/// <summary>The persisted state of a monitor shard: its worker table, keyed by worker key.</summary>
[GenerateSerializer, Alias("orleansha.monitor-state")]
public sealed class MonitorState
{
    [Id(0)] public Dictionary<string, MonitorWorkerRecord> Workers { get; set; } = new(StringComparer.Ordinal);
}
