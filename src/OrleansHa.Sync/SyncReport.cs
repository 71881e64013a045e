namespace OrleansHa.Sync;

/// <summary>What a run did.</summary>
/// <param name="FilesScanned">Entries (files, directories, links) found in the source that the patterns select.</param>
/// <param name="FilesCopied">Files and symbolic links written to the target.</param>
/// <param name="FilesDeleted">Entries removed from the target (mirror deletes, or entries in the way of a changed type).</param>
/// <param name="FilesSkipped">Files and links left alone because the target already had them, plus special files (devices, FIFOs, sockets), which are never copied.</param>
/// <param name="DirectoriesCreated">Directories created at the target.</param>
/// <param name="BytesCopied">Bytes of file content written (holes of sparse files excluded).</param>
/// <param name="Failures">Each path that could not be handled and why; the rest of the run went on.</param>
/// <param name="Elapsed">Time taken, by the engine's TimeProvider.</param>
public sealed record SyncReport(
    long FilesScanned,
    long FilesCopied,
    long FilesDeleted,
    long FilesSkipped,
    long DirectoriesCreated,
    long BytesCopied,
    IReadOnlyList<SyncFailure> Failures,
    TimeSpan Elapsed)
{
    /// <summary>Entries recorded in the new manifest.</summary>
    public long ManifestEntries { get; init; }

    /// <summary>True when a previous run had been interrupted and its leftovers were cleaned.</summary>
    public bool RecoveredInterruptedRun { get; init; }

    /// <summary>Delta transfers: bytes of file content sent as literal data (the parts the target did not have).</summary>
    public long LiteralBytes { get; init; }

    /// <summary>Delta transfers: bytes of file content the target built from blocks of its previous version, not sent.</summary>
    public long MatchedBytes { get; init; }

    /// <summary>Resumed transfers: bytes an interrupted earlier transfer had already made durable at the target, not sent again.</summary>
    public long ResumedBytes { get; init; }
}
