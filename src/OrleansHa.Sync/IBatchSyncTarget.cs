namespace OrleansHa.Sync;

/// <summary>
/// A target that takes many small files in one operation, for a link where each operation costs a round trip (the
/// <c>silo</c> transport): the engine reads up to <see cref="BatchLimits"/> worth of a directory's small files into
/// memory and hands them over together. Each file is still written atomically on its own, and fails on its own.
/// New directories and directory metadata go in batches too (at most <see cref="SyncBatchLimits.MaxFiles"/> a call).
/// </summary>
public interface IBatchSyncTarget : ISyncTarget
{
    /// <summary>How large a batch may be and which files may go in one; larger files go through <see cref="ISyncTarget.WriteFileAsync"/>.</summary>
    SyncBatchLimits BatchLimits { get; }

    /// <summary>
    /// Writes each file as <see cref="ISyncTarget.WriteFileAsync"/> would (temporary name, metadata, rename), in any
    /// order or in parallel. Returns one outcome per file, in the order given: null where the file landed, else the
    /// message of its failure (naming the path and the cause), as the <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> of a single write would carry it. A failure of the whole operation
    /// (the link, the receiver) throws instead, and the engine records it for every file of the batch.
    /// </summary>
    Task<IReadOnlyList<string?>> WriteFilesAsync(IReadOnlyList<SyncBatchFile> files, CancellationToken cancellationToken);

    /// <summary>Creates directories as <see cref="ISyncTarget.CreateDirectoryAsync"/> would, one after another in the order given (parents first); one outcome per directory, as for files.</summary>
    Task<IReadOnlyList<string?>> CreateDirectoriesAsync(IReadOnlyList<string> relativePaths, CancellationToken cancellationToken);

    /// <summary>Applies directories' metadata as <see cref="ISyncTarget.SetDirectoryMetadataAsync"/> would, one after another in the order given (children first); one outcome per directory.</summary>
    Task<IReadOnlyList<string?>> SetDirectoriesMetadataAsync(IReadOnlyList<SyncDirectoryMetadata> directories, CancellationToken cancellationToken);
}
