namespace OrleansHa.Users;

/// <summary>A user as the administrator defines it (the SYNCUSER row).</summary>
/// <param name="Name">The user name, also the grain key: letters, digits, '.', '_' and '-'.</param>
/// <param name="Uid">The numeric user id files are read as.</param>
/// <param name="Gid">The numeric group id files are read as.</param>
/// <param name="MaxPriority">The highest priority this user's file sets may have (0..9).</param>
/// <param name="Roots">Absolute directories the user may read and write; every file set path must stay inside one.</param>
[GenerateSerializer, Immutable, Alias("orleansha.user-definition")]
public sealed record UserDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] int Uid,
    [property: Id(2)] int Gid,
    [property: Id(3)] int MaxPriority,
    [property: Id(4)] IReadOnlyList<string> Roots);
