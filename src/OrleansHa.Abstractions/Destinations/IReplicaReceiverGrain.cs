namespace OrleansHa.Destinations;

/// <summary>
/// The receiving side of the <c>silo</c> transport (key <c>user|/absolute/target/path</c>), on the
/// destination system. It writes through the same atomic, confined target as a local destination,
/// confined to the user's roots on this system; the caller must be that user or the administrator.
/// </summary>
[Alias("orleansha.replica-receiver-grain")]
public interface IReplicaReceiverGrain : IGrainWithStringKey
{
    /// <summary>Opens (creating it if absent) the target directory; returns its resolved path.</summary>
    Task<string> OpenAsync(bool durable);

    /// <summary>A page of the target's entries; offset 0 takes a fresh listing.</summary>
    Task<IReadOnlyList<ReplicaEntry>> ListAsync(int offset, int count);

    /// <summary>The entries at these paths (null where there is none).</summary>
    Task<IReadOnlyList<ReplicaEntry?>> StatAsync(IReadOnlyList<string> paths);

    /// <summary>Creates a directory.</summary>
    Task CreateDirectoryAsync(string path);

    /// <summary>Writes a whole (small) file atomically.</summary>
    Task WriteFileAsync(string path, ReplicaMetadata metadata, [Immutable] byte[] content);

    /// <summary>Starts a large file sent in chunks from its first byte (replacing whatever was staged for it); returns the upload's id.</summary>
    Task<Guid> BeginFileAsync(string path, ReplicaMetadata metadata, long length);

    /// <summary>Starts a large file sent in chunks, offering the prefix an interrupted upload of the same version made durable.</summary>
    Task<ReplicaUploadOffer> ResumeFileAsync(string path, ReplicaMetadata metadata, long length);

    /// <summary>Adds a chunk to an upload.</summary>
    Task WriteChunkAsync(Guid upload, long offset, [Immutable] byte[] data);

    /// <summary>Writes the uploaded file into place atomically.</summary>
    Task CommitFileAsync(Guid upload);

    /// <summary>Writes a symbolic link.</summary>
    Task WriteSymlinkAsync(string path, string linkTarget, ReplicaMetadata metadata);

    /// <summary>Sets a directory's mode and time.</summary>
    Task SetDirectoryMetadataAsync(string path, ReplicaMetadata metadata);

    /// <summary>Deletes an entry.</summary>
    Task DeleteAsync(string path, ReplicaEntryKind kind);

    /// <summary>The content hash of a file, as the engine computes it.</summary>
    Task<byte[]> HashFileAsync(string path);

    /// <summary>Removes leftovers of an interrupted run; returns how many.</summary>
    Task<int> RemoveLeftoversAsync();

    /// <summary>Flushes what was written to disk.</summary>
    Task FlushAsync();
}
