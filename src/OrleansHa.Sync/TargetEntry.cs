namespace OrleansHa.Sync;

/// <summary>An entry as a target sees it.</summary>
/// <param name="Path">Relative to the target root, '/'-separated; the root itself is "".</param>
/// <param name="Kind">File, directory or link. Other kinds are not reported.</param>
/// <param name="Size">Bytes for files, length of the link text for links, 0 for directories.</param>
/// <param name="Mtime">Modification time (any time a file can carry).</param>
/// <param name="Mode">Permission bits.</param>
/// <param name="LinkTarget">The link text, for links.</param>
public sealed record TargetEntry(string Path, SyncEntryKind Kind, long Size, FileTime Mtime, int Mode, string? LinkTarget = null)
{
    /// <summary>An entry with the modification time in nanoseconds since the Unix epoch.</summary>
    public TargetEntry(string Path, SyncEntryKind Kind, long Size, long MtimeNanoseconds, int Mode, string? LinkTarget = null)
        : this(Path, Kind, Size, FileTime.FromNanoseconds(MtimeNanoseconds), Mode, LinkTarget)
    {
    }

    /// <summary>
    /// The modification time in nanoseconds since the Unix epoch; throws <see cref="OverflowException"/> for a time
    /// outside 1677-09-21 to 2262-04-11 (use <see cref="Mtime"/>, which holds every time).
    /// </summary>
    public long MtimeNanoseconds => Mtime.ToNanoseconds();
}
