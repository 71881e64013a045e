using OrleansHa.Users;

namespace OrleansHa.Settings;

/// <summary>A user in a settings document.</summary>
/// <param name="Definition">The profile.</param>
/// <param name="Suspended">Whether the user is suspended.</param>
[GenerateSerializer, Immutable, Alias("orleansha.user-settings")]
public sealed record UserSettings(
    [property: Id(0)] UserDefinition Definition,
    [property: Id(1)] bool Suspended);
