namespace OrleansHa.Sync;

/// <summary>
/// Where copies go. Paths are relative to the target's root, '/'-separated, never absolute and never containing "."
/// or ".." names; the root itself is "". A target confines every operation to its root whatever it finds there
/// (it must not follow a symbolic link it did not expect), writes files atomically (a reader sees the old file or the
/// new one, never half of one), and reports a failed operation by throwing <see cref="IOException"/> or
/// <see cref="UnauthorizedAccessException"/> with a message naming the path and the cause; the engine records it
/// and goes on with the next path. Calls for different paths may run concurrently.
/// </summary>
public interface ISyncTarget
{
    /// <summary>Every file, directory and link under the root, the root included; used when there is no manifest yet.</summary>
    IAsyncEnumerable<TargetEntry> ListAsync(CancellationToken cancellationToken);

    /// <summary>The entries at the given paths, null where nothing (or something of another kind than file, directory, link) is there.</summary>
    Task<IReadOnlyList<TargetEntry?>> StatAsync(IReadOnlyList<string> relativePaths, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a directory whose parent exists; succeeds if it already exists, and replaces anything else in its way (a
    /// special file, or a file or link the plan did not know of), as rsync does. Its metadata follows with <see cref="SetDirectoryMetadataAsync"/>.
    /// </summary>
    Task CreateDirectoryAsync(string relativePath, CancellationToken cancellationToken);

    /// <summary>Writes a file under a temporary name in its directory, applies the metadata, and renames it into place.</summary>
    Task WriteFileAsync(string relativePath, EntryMetadata metadata, SyncFileContent content, CancellationToken cancellationToken);

    /// <summary>Creates (or replaces) a symbolic link with the given text, atomically.</summary>
    Task WriteSymlinkAsync(string relativePath, string linkTarget, EntryMetadata metadata, CancellationToken cancellationToken);

    /// <summary>Applies mode and modification time to a directory (after its children were written, so the time sticks).</summary>
    Task SetDirectoryMetadataAsync(string relativePath, EntryMetadata metadata, CancellationToken cancellationToken);

    /// <summary>Removes an entry; a directory is removed with whatever it still holds. Succeeds if nothing is there.</summary>
    Task DeleteAsync(string relativePath, SyncEntryKind kind, CancellationToken cancellationToken);

    /// <summary>The SHA-256 of a file's content, for verify mode.</summary>
    Task<byte[]> HashFileAsync(string relativePath, CancellationToken cancellationToken);

    /// <summary>Removes temporary files an interrupted run left behind.</summary>
    Task<int> RemoveLeftoversAsync(CancellationToken cancellationToken);

    /// <summary>Makes everything written so far durable (directory fsyncs, when the target is durable).</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
