using OrleansHa.Sync.Delta;

namespace OrleansHa.Sync.Tests.Delta;

/// <summary>A local directory that takes batches and offers delta transfer, as the silo transport does.</summary>
public sealed class BatchingDeltaTarget(BatchingTarget batching, LocalDeltaTarget delta) : IBatchSyncTarget, IDeltaSyncTarget
{
    public SyncBatchLimits BatchLimits => batching.BatchLimits;

    public Task<IReadOnlyList<string?>> WriteFilesAsync(IReadOnlyList<SyncBatchFile> files, CancellationToken cancellationToken) => batching.WriteFilesAsync(files, cancellationToken);

    public Task<IReadOnlyList<string?>> CreateDirectoriesAsync(IReadOnlyList<string> relativePaths, CancellationToken cancellationToken) => batching.CreateDirectoriesAsync(relativePaths, cancellationToken);

    public Task<IReadOnlyList<string?>> SetDirectoriesMetadataAsync(IReadOnlyList<SyncDirectoryMetadata> directories, CancellationToken cancellationToken) => batching.SetDirectoriesMetadataAsync(directories, cancellationToken);

    public Task<DeltaSignature?> GetSignatureAsync(string relativePath, CancellationToken cancellationToken) => delta.GetSignatureAsync(relativePath, cancellationToken);

    public Task<bool> WriteDeltaAsync(string relativePath, EntryMetadata metadata, DeltaSignature basis, DeltaContent content, CancellationToken cancellationToken)
        => delta.WriteDeltaAsync(relativePath, metadata, basis, content, cancellationToken);

    public IAsyncEnumerable<TargetEntry> ListAsync(CancellationToken cancellationToken) => batching.ListAsync(cancellationToken);

    public Task<IReadOnlyList<TargetEntry?>> StatAsync(IReadOnlyList<string> relativePaths, CancellationToken cancellationToken) => batching.StatAsync(relativePaths, cancellationToken);

    public Task CreateDirectoryAsync(string relativePath, CancellationToken cancellationToken) => batching.CreateDirectoryAsync(relativePath, cancellationToken);

    public Task WriteFileAsync(string relativePath, EntryMetadata metadata, SyncFileContent content, CancellationToken cancellationToken) => batching.WriteFileAsync(relativePath, metadata, content, cancellationToken);

    public Task WriteSymlinkAsync(string relativePath, string linkTarget, EntryMetadata metadata, CancellationToken cancellationToken) => batching.WriteSymlinkAsync(relativePath, linkTarget, metadata, cancellationToken);

    public Task SetDirectoryMetadataAsync(string relativePath, EntryMetadata metadata, CancellationToken cancellationToken) => batching.SetDirectoryMetadataAsync(relativePath, metadata, cancellationToken);

    public Task DeleteAsync(string relativePath, SyncEntryKind kind, CancellationToken cancellationToken) => batching.DeleteAsync(relativePath, kind, cancellationToken);

    public Task<byte[]> HashFileAsync(string relativePath, CancellationToken cancellationToken) => batching.HashFileAsync(relativePath, cancellationToken);

    public Task<int> RemoveLeftoversAsync(CancellationToken cancellationToken) => batching.RemoveLeftoversAsync(cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) => batching.FlushAsync(cancellationToken);
}
