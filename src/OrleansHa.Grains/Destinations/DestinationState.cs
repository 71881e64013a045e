using OrleansHa.Destinations;

namespace OrleansHa.Grains.Destinations;

/// <summary>The persisted state of a destination grain.</summary>
[GenerateSerializer, Alias("orleansha.destination-state")]
public sealed class DestinationState
{
    [Id(0)] public DestinationDefinition? Definition { get; set; }
    [Id(1)] public bool SyncEnabled { get; set; } = true;
    [Id(2)] public bool Available { get; set; }
    [Id(3)] public DateTimeOffset? LastProbeAt { get; set; }
    [Id(4)] public string? ProbeError { get; set; }
}
