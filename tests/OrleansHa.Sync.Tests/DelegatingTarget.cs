namespace OrleansHa.Sync.Tests;

/// <summary>A real target with hooks around file writes, to change the world at the worst moment.</summary>
public sealed class DelegatingTarget(ISyncTarget inner, Func<string, Task>? beforeWrite = null, Func<string, Task>? afterWrite = null, Func<string, Task>? afterDelete = null) : ISyncTarget
{
    public IAsyncEnumerable<TargetEntry> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<IReadOnlyList<TargetEntry?>> StatAsync(IReadOnlyList<string> relativePaths, CancellationToken cancellationToken) => inner.StatAsync(relativePaths, cancellationToken);

    public Task CreateDirectoryAsync(string relativePath, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(relativePath, cancellationToken);

    public async Task WriteFileAsync(string relativePath, EntryMetadata metadata, SyncFileContent content, CancellationToken cancellationToken)
    {
        if (beforeWrite is not null)
        {
            await beforeWrite(relativePath);
        }

        await inner.WriteFileAsync(relativePath, metadata, content, cancellationToken);
        if (afterWrite is not null)
        {
            await afterWrite(relativePath);
        }
    }

    public Task WriteSymlinkAsync(string relativePath, string linkTarget, EntryMetadata metadata, CancellationToken cancellationToken) => inner.WriteSymlinkAsync(relativePath, linkTarget, metadata, cancellationToken);

    public Task SetDirectoryMetadataAsync(string relativePath, EntryMetadata metadata, CancellationToken cancellationToken) => inner.SetDirectoryMetadataAsync(relativePath, metadata, cancellationToken);

    public async Task DeleteAsync(string relativePath, SyncEntryKind kind, CancellationToken cancellationToken)
    {
        await inner.DeleteAsync(relativePath, kind, cancellationToken);
        if (afterDelete is not null)
        {
            await afterDelete(relativePath);
        }
    }

    public Task<byte[]> HashFileAsync(string relativePath, CancellationToken cancellationToken) => inner.HashFileAsync(relativePath, cancellationToken);

    public Task<int> RemoveLeftoversAsync(CancellationToken cancellationToken) => inner.RemoveLeftoversAsync(cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
}
