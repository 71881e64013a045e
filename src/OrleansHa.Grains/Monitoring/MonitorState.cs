namespace OrleansHa.Grains.Monitoring;

/// <summary>The persisted state of a monitor shard: its worker table, keyed by worker key.</summary>
[GenerateSerializer, Alias("orleansha.monitor-state")]
public sealed class MonitorState
{
    [Id(0)] public Dictionary<string, MonitorWorkerRecord> Workers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Workers whose new file set list is in the table but not yet known to have reached them.</summary>
    [Id(1)] public List<string> PendingAssign { get; set; } = [];

    /// <summary>Workers removed from the table whose stop is not yet known to have reached them.</summary>
    [Id(2)] public List<string> PendingStop { get; set; } = [];
}
