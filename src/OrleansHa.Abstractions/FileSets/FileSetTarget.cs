namespace OrleansHa.FileSets;

/// <summary>Where a file set goes: a destination system and the path there.</summary>
/// <param name="Destination">The destination's name (a defined destination, e.g. BACKUP).</param>
/// <param name="TargetPath">For a <c>local</c> destination, a path relative to the owner's own folder in its directory (the files land in <c>directory/owner/TargetPath</c>); for a <c>silo</c> destination, the absolute path on that system, inside the owner's roots there.</param>
[GenerateSerializer, Immutable, Alias("orleansha.fileset-target")]
public sealed record FileSetTarget(
    [property: Id(0)] string Destination,
    [property: Id(1)] string TargetPath);
