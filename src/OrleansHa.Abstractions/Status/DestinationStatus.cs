using OrleansHa.Destinations;

namespace OrleansHa.Status;

/// <summary>A destination as STATUS shows it.</summary>
/// <param name="Name">The destination.</param>
/// <param name="Transport">How it is reached.</param>
/// <param name="SyncEnabled">False while disabled for maintenance.</param>
/// <param name="Available">The last probe's answer.</param>
/// <param name="LastProbeAt">When it was last probed.</param>
[GenerateSerializer, Immutable, Alias("orleansha.destination-status")]
public sealed record DestinationStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] DestinationTransport Transport,
    [property: Id(2)] bool SyncEnabled,
    [property: Id(3)] bool Available,
    [property: Id(4)] DateTimeOffset? LastProbeAt);
