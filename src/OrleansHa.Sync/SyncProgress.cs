namespace OrleansHa.Sync;

/// <summary>Progress of a run, for drawing a bar. Totals are known once the plan is made.</summary>
/// <param name="FilesDone">Transfers finished (copied, deleted or failed).</param>
/// <param name="FilesTotal">Transfers planned.</param>
/// <param name="BytesDone">Content bytes written.</param>
/// <param name="BytesTotal">Content bytes planned.</param>
/// <param name="CurrentPath">A path being worked on, or null between phases.</param>
public sealed record SyncProgress(long FilesDone, long FilesTotal, long BytesDone, long BytesTotal, string? CurrentPath);
