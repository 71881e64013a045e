using OrleansHa.FileSets;

namespace OrleansHa.Settings;

/// <summary>A file set in a settings document (its schedule is part of the definition).</summary>
/// <param name="Definition">The definition.</param>
/// <param name="Suspended">Whether the file set is suspended.</param>
[GenerateSerializer, Immutable, Alias("orleansha.fileset-settings")]
public sealed record FileSetSettings(
    [property: Id(0)] FileSetDefinition Definition,
    [property: Id(1)] bool Suspended);
