namespace OrleansHa.Destinations;

/// <summary>
/// The receiving side of the <c>silo</c> transport (key <c>user|/absolute/target/path</c>), on the
/// destination system. It writes through the same atomic, confined target as a local destination,
/// confined to the user's roots on this system; the caller must be that user or the administrator.
/// </summary>
[Alias("orleansha.replica-receiver-grain")]
public interface IReplicaReceiverGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens (creating it if absent) the target directory for a run of <paramref name="epoch"/> (the sender's HA group
    /// epoch; 0: no group); returns its resolved path.
    /// Refused with <see cref="Roles.WritesRefusedException"/> when this system is production, or its epoch is newer
    /// than the sender's (a former production's run is fenced).
    /// </summary>
    [Idempotent]
    Task<string> OpenAsync(bool durable, long epoch);

    /// <summary>A page of the target's entries; offset 0 takes a fresh listing.</summary>
    [Idempotent]
    Task<IReadOnlyList<ReplicaEntry>> ListAsync(int offset, int count);

    /// <summary>The entries at these paths (null where there is none).</summary>
    [Idempotent]
    Task<IReadOnlyList<ReplicaEntry?>> StatAsync(IReadOnlyList<string> paths);

    /// <summary>Creates a directory.</summary>
    [Idempotent]
    Task CreateDirectoryAsync(string path);

    /// <summary>Creates directories one after another in the order given (parents first); returns per directory null where it was made, else why not.</summary>
    [Idempotent]
    Task<IReadOnlyList<string?>> CreateDirectoriesAsync(IReadOnlyList<string> paths);

    /// <summary>Writes a whole (small) file atomically.</summary>
    [Idempotent]
    Task WriteFileAsync(string path, ReplicaMetadata metadata, [Immutable] byte[] content);

    /// <summary>Writes many small files, each atomically and on its own; returns per file null where it landed, else why not.</summary>
    [Idempotent]
    Task<IReadOnlyList<string?>> WriteFilesAsync(IReadOnlyList<ReplicaBatchFile> files);

    /// <summary>Starts a large file sent in chunks from its first byte (replacing whatever was staged for it); returns the upload's id.</summary>
    [Idempotent]
    Task<Guid> BeginFileAsync(string path, ReplicaMetadata metadata, long length);

    /// <summary>Starts a large file sent in chunks, offering the prefix an interrupted upload of the same version made durable.</summary>
    [Idempotent]
    Task<ReplicaUploadOffer> ResumeFileAsync(string path, ReplicaMetadata metadata, long length);

    /// <summary>Adds a chunk to an upload.</summary>
    [Idempotent]
    Task WriteChunkAsync(Guid upload, long offset, [Immutable] byte[] data);

    /// <summary>Writes the uploaded file into place atomically.</summary>
    Task CommitFileAsync(Guid upload);

    /// <summary>
    /// Delta transfer: up to <paramref name="maxBlocks"/> (at most 65,536) block signatures from
    /// <paramref name="firstBlock"/> of the file at <paramref name="path"/>; null when no regular file the user may read is there.
    /// </summary>
    [Idempotent]
    Task<ReplicaSignature?> GetSignatureAsync(string path, long firstBlock, int maxBlocks);

    /// <summary>
    /// Starts building a new version of <paramref name="length"/> bytes from the file at the path and a delta; returns the
    /// upload's id, or null when that file is no longer the version of the signature (its length and time differ).
    /// </summary>
    [Idempotent]
    Task<Guid?> BeginDeltaAsync(string path, ReplicaMetadata metadata, long length, long basisLength, long basisMtimeNanoseconds);

    /// <summary>Adds batch <paramref name="batch"/> (numbered from 0, applied in that order) of a delta upload's ops.</summary>
    Task WriteDeltaAsync(Guid upload, int batch, [Immutable] IReadOnlyList<ReplicaDeltaOp> ops);

    /// <summary>
    /// Ends a delta upload of <paramref name="batches"/> batches: checks the built file against the sender's XxHash128
    /// of the new version and renames it into place. False, with the old version kept, when it does not match.
    /// </summary>
    Task<bool> CommitDeltaAsync(Guid upload, int batches, ulong hashHigh, ulong hashLow);

    /// <summary>Writes a symbolic link.</summary>
    [Idempotent]
    Task WriteSymlinkAsync(string path, string linkTarget, ReplicaMetadata metadata);

    /// <summary>Sets a directory's mode and time.</summary>
    [Idempotent]
    Task SetDirectoryMetadataAsync(string path, ReplicaMetadata metadata);

    /// <summary>Sets directories' mode and time one after another in the order given (children first); returns per directory null or why not.</summary>
    [Idempotent]
    Task<IReadOnlyList<string?>> SetDirectoriesMetadataAsync(IReadOnlyList<ReplicaDirectoryMetadata> directories);

    /// <summary>Deletes an entry.</summary>
    Task DeleteAsync(string path, ReplicaEntryKind kind);

    /// <summary>The content hash of a file, as the engine computes it.</summary>
    [Idempotent]
    Task<byte[]> HashFileAsync(string path);

    /// <summary>Removes leftovers of an interrupted run; returns how many.</summary>
    [Idempotent]
    Task<int> RemoveLeftoversAsync();

    /// <summary>Flushes what was written to disk.</summary>
    [Idempotent]
    Task FlushAsync();
}
