namespace OrleansHa.Sync.Delta;

/// <summary>
/// A target that can build a file's new version from the version it holds plus a delta (rsync's algorithm), so only the
/// changed parts of a modified file travel. Optional: the engine uses it for a modified file of at least
/// <see cref="SyncOptions.DeltaMinimumSize"/> bytes that the previous state had as a regular file, and copies whole
/// files otherwise. Worth it where sending costs more than reading and writing at the target (a remote system over a
/// link); on a local disk the whole copy is cheaper, as rsync finds too (it turns delta off for local copies).
/// </summary>
public interface IDeltaSyncTarget : ISyncTarget
{
    /// <summary>
    /// The signature of the file the target holds at <paramref name="relativePath"/>, complete; null when there is no
    /// regular file there (or none the owner may read), and the engine then copies the whole file.
    /// </summary>
    Task<DeltaSignature?> GetSignatureAsync(string relativePath, CancellationToken cancellationToken);

    /// <summary>
    /// Builds the new version from the file described by <paramref name="basis"/> and the ops of
    /// <paramref name="content"/> under a temporary name, checks the whole result against
    /// <see cref="DeltaContent.ExpectedHash"/>, applies the metadata and renames it into place, atomically as
    /// <see cref="ISyncTarget.WriteFileAsync"/>. Returns false, having changed nothing, when the file at the path is no
    /// longer the basis or the result does not match the hash: the engine then copies the whole file. Throws as
    /// <see cref="ISyncTarget.WriteFileAsync"/> does, leaving the previous version.
    /// </summary>
    Task<bool> WriteDeltaAsync(string relativePath, EntryMetadata metadata, DeltaSignature basis, DeltaContent content, CancellationToken cancellationToken);
}
