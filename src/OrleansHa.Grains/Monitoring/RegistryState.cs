namespace OrleansHa.Grains.Monitoring;

/// <summary>The persisted state of the registry.</summary>
[GenerateSerializer, Alias("orleansha.registry-state")]
public sealed class RegistryState
{
    /// <summary>Defined users and the shard supervising each (-1: not yet placed).</summary>
    [Id(0)] public Dictionary<string, long> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Defined destinations.</summary>
    [Id(1)] public List<string> Destinations { get; set; } = [];

    /// <summary>Workers per shard as last reported by each shard; the index is the shard.</summary>
    [Id(2)] public List<int> ShardLoads { get; set; } = [];
}
