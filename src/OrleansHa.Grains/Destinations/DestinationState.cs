using OrleansHa.Destinations;

namespace OrleansHa.Grains.Destinations;

/// <summary>The persisted state of a destination grain.</summary>
[GenerateSerializer, Alias("orleansha.destination-state")]
public sealed class DestinationState
{
    [Id(0)] public DestinationDefinition? Definition { get; set; }
    // Id 1 held "SyncEnabled = true" by initializer: Orleans' serializer leaves a field at its default value
    // (false) out, so a disabled destination came back enabled after reactivation. The stored flag is now the
    // negation, whose default is the default state; id 1 stays retired.
    [Id(2)] public bool Available { get; set; }
    [Id(3)] public DateTimeOffset? LastProbeAt { get; set; }
    [Id(4)] public string? ProbeError { get; set; }

    /// <summary>True while sync to the destination is disabled (for maintenance). Default: enabled.</summary>
    [Id(5)] public bool SyncDisabled { get; set; }

    /// <summary>Whether sync to the destination is enabled (not stored itself; see <see cref="SyncDisabled"/>).</summary>
    public bool SyncEnabled
    {
        get => !SyncDisabled;
        set => SyncDisabled = !value;
    }
}
