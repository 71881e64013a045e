namespace OrleansHa.Destinations;

/// <summary>An entry as the receiving system has it.</summary>
/// <param name="Path">The path relative to the target root, '/'-separated.</param>
/// <param name="Kind">File, directory or symbolic link.</param>
/// <param name="Size">The size in bytes (files).</param>
/// <param name="MtimeNanoseconds">
/// The modification time, in nanoseconds since the Unix epoch, clamped to 1677–2262 (what 64 bits hold); a reader
/// takes <see cref="MtimeSeconds"/> and <see cref="MtimeNanosecondPart"/> instead when either is set.
/// </param>
/// <param name="Mode">The permission bits.</param>
/// <param name="LinkTarget">The link's target (symbolic links).</param>
[GenerateSerializer, Immutable, Alias("orleansha.replica-entry")]
public sealed record ReplicaEntry(
    [property: Id(0)] string Path,
    [property: Id(1)] ReplicaEntryKind Kind,
    [property: Id(2)] long Size,
    [property: Id(3)] long MtimeNanoseconds,
    [property: Id(4)] int Mode,
    [property: Id(5)] string? LinkTarget)
{
    /// <summary>The modification time's seconds since the Unix epoch (any time a file can carry); 0 from a sender that predates it.</summary>
    [Id(6)]
    public long MtimeSeconds { get; init; }

    /// <summary>The nanoseconds within <see cref="MtimeSeconds"/>, 0 to 999,999,999.</summary>
    [Id(7)]
    public int MtimeNanosecondPart { get; init; }
}
