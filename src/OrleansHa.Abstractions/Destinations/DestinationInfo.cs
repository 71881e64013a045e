namespace OrleansHa.Destinations;

/// <summary>A destination with its state.</summary>
/// <param name="Definition">The definition.</param>
/// <param name="SyncEnabled">False while sync is disabled for maintenance: runs wait until it is enabled.</param>
/// <param name="Available">The last probe's answer.</param>
/// <param name="LastProbeAt">When it was last probed, if ever.</param>
/// <param name="ProbeError">Why the last probe failed, when it did.</param>
[GenerateSerializer, Immutable, Alias("orleansha.destination-info")]
public sealed record DestinationInfo(
    [property: Id(0)] DestinationDefinition Definition,
    [property: Id(1)] bool SyncEnabled,
    [property: Id(2)] bool Available,
    [property: Id(3)] DateTimeOffset? LastProbeAt,
    [property: Id(4)] string? ProbeError)
{
    /// <summary>True when runs may go to this destination now.</summary>
    public bool Ready => SyncEnabled && Available;
}
