using OrleansHa.Destinations;

namespace OrleansHa.Settings;

/// <summary>A destination in a settings document.</summary>
/// <param name="Definition">The definition.</param>
/// <param name="SyncEnabled">Whether sync to it is enabled.</param>
[GenerateSerializer, Immutable, Alias("orleansha.destination-settings")]
public sealed record DestinationSettings(
    [property: Id(0)] DestinationDefinition Definition,
    [property: Id(1)] bool SyncEnabled);
