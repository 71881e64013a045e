namespace OrleansHa.Sync;

/// <summary>An entry as a target sees it.</summary>
/// <param name="Path">Relative to the target root, '/'-separated; the root itself is "".</param>
/// <param name="Kind">File, directory or link. Other kinds are not reported.</param>
/// <param name="Size">Bytes for files, length of the link text for links, 0 for directories.</param>
/// <param name="MtimeNanoseconds">Modification time, nanoseconds since the Unix epoch.</param>
/// <param name="Mode">Permission bits.</param>
/// <param name="LinkTarget">The link text, for links.</param>
public sealed record TargetEntry(string Path, SyncEntryKind Kind, long Size, long MtimeNanoseconds, int Mode, string? LinkTarget = null);
