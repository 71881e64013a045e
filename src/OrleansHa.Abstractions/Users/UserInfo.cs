namespace OrleansHa.Users;

/// <summary>A user's profile with its state and the names of its file sets.</summary>
/// <param name="Definition">The profile as defined.</param>
/// <param name="Suspended">True when the user is suspended: its file sets are ignored until resumed.</param>
/// <param name="FileSets">The names of the user's file sets (the SFggguuu table), sorted.</param>
/// <param name="Version">Increases with every change to the profile.</param>
[GenerateSerializer, Immutable, Alias("orleansha.user-info")]
public sealed record UserInfo(
    [property: Id(0)] UserDefinition Definition,
    [property: Id(1)] bool Suspended,
    [property: Id(2)] IReadOnlyList<string> FileSets,
    [property: Id(3)] long Version);
