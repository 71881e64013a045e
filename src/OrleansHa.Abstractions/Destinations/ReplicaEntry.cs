namespace OrleansHa.Destinations;

/// <summary>An entry as the receiving system has it.</summary>
/// <param name="Path">The path relative to the target root, '/'-separated.</param>
/// <param name="Kind">File, directory or symbolic link.</param>
/// <param name="Size">The size in bytes (files).</param>
/// <param name="MtimeNanoseconds">The modification time, in nanoseconds since the Unix epoch.</param>
/// <param name="Mode">The permission bits.</param>
/// <param name="LinkTarget">The link's target (symbolic links).</param>
[GenerateSerializer, Immutable, Alias("orleansha.replica-entry")]
public sealed record ReplicaEntry(
    [property: Id(0)] string Path,
    [property: Id(1)] ReplicaEntryKind Kind,
    [property: Id(2)] long Size,
    [property: Id(3)] long MtimeNanoseconds,
    [property: Id(4)] int Mode,
    [property: Id(5)] string? LinkTarget);
