using OrleansHa.Sync.Delta;

namespace OrleansHa.Sync.Tests.Delta;

/// <summary>
/// A local directory that offers delta transfer to the engine, as a receiver of the silo transport does with the same
/// target; <paramref name="alter"/> can change the delta on its way (to make a build fail or mismatch).
/// </summary>
public sealed class LocalDeltaTarget(LocalDirectoryTarget inner, Func<DeltaContent, DeltaContent>? alter = null) : IDeltaSyncTarget
{
    public int Deltas { get; private set; }

    public IAsyncEnumerable<TargetEntry> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<IReadOnlyList<TargetEntry?>> StatAsync(IReadOnlyList<string> relativePaths, CancellationToken cancellationToken) => inner.StatAsync(relativePaths, cancellationToken);

    public Task CreateDirectoryAsync(string relativePath, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(relativePath, cancellationToken);

    public Task WriteFileAsync(string relativePath, EntryMetadata metadata, SyncFileContent content, CancellationToken cancellationToken) => inner.WriteFileAsync(relativePath, metadata, content, cancellationToken);

    public Task WriteSymlinkAsync(string relativePath, string linkTarget, EntryMetadata metadata, CancellationToken cancellationToken) => inner.WriteSymlinkAsync(relativePath, linkTarget, metadata, cancellationToken);

    public Task SetDirectoryMetadataAsync(string relativePath, EntryMetadata metadata, CancellationToken cancellationToken) => inner.SetDirectoryMetadataAsync(relativePath, metadata, cancellationToken);

    public Task DeleteAsync(string relativePath, SyncEntryKind kind, CancellationToken cancellationToken) => inner.DeleteAsync(relativePath, kind, cancellationToken);

    public Task<byte[]> HashFileAsync(string relativePath, CancellationToken cancellationToken) => inner.HashFileAsync(relativePath, cancellationToken);

    public Task<int> RemoveLeftoversAsync(CancellationToken cancellationToken) => inner.RemoveLeftoversAsync(cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public Task<DeltaSignature?> GetSignatureAsync(string relativePath, CancellationToken cancellationToken)
        => inner.GetSignatureAsync(relativePath, 0, int.MaxValue, cancellationToken);

    public async Task<bool> WriteDeltaAsync(string relativePath, EntryMetadata metadata, DeltaSignature basis, DeltaContent content, CancellationToken cancellationToken)
    {
        Deltas++;
        using var opened = inner.OpenDeltaBasis(relativePath, basis.Length, basis.MtimeNanoseconds);
        return opened is not null && await inner.WriteDeltaAsync(relativePath, metadata, opened, alter is null ? content : alter(content), cancellationToken);
    }
}
