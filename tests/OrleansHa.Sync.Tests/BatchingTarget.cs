namespace OrleansHa.Sync.Tests;

/// <summary>
/// A real local target that also takes batches, writing each file of one through the local target; it counts what
/// came how, and can fail chosen paths (files or directories) inside a batch or change the world when a batch arrives.
/// </summary>
public sealed class BatchingTarget(LocalDirectoryTarget inner, SyncBatchLimits limits, Func<string, bool>? failInBatch = null, Action<int>? onBatch = null)
    : IBatchSyncTarget
{
    private int _batches;
    private int _batchedFiles;
    private int _singleFiles;
    private int _directoryBatches;

    public int Batches => _batches;

    public int BatchedFiles => _batchedFiles;

    public int SingleFiles => _singleFiles;

    public int DirectoryBatches => _directoryBatches;

    public SyncBatchLimits BatchLimits => limits;

    public async Task<IReadOnlyList<string?>> WriteFilesAsync(IReadOnlyList<SyncBatchFile> files, CancellationToken cancellationToken)
    {
        Assert.InRange(files.Count, 1, limits.MaxFiles);
        Assert.True(files.Count == 1 || files.Sum(f => (long)f.Content.Length) <= limits.MaxBytes, "a batch over the byte budget");
        Assert.All(files, f => Assert.InRange(f.Content.Length, 0, limits.MaxFileSize));
        var number = Interlocked.Increment(ref _batches);
        onBatch?.Invoke(number); // before any await: the engine has not read further yet
        Interlocked.Add(ref _batchedFiles, files.Count);
        var outcomes = new string?[files.Count];
        for (var k = 0; k < files.Count; k++)
        {
            var file = files[k];
            outcomes[k] = await OutcomeAsync(file.RelativePath, async () =>
            {
                using var stream = new MemoryStream(file.Content, writable: false);
                await inner.WriteFileAsync(file.RelativePath, file.Metadata, SyncFileContent.FromStream(stream, file.Content.Length), cancellationToken);
            });
        }

        return outcomes;
    }

    public async Task<IReadOnlyList<string?>> CreateDirectoriesAsync(IReadOnlyList<string> relativePaths, CancellationToken cancellationToken)
    {
        Assert.InRange(relativePaths.Count, 1, limits.MaxFiles);
        Interlocked.Increment(ref _directoryBatches);
        var outcomes = new string?[relativePaths.Count];
        for (var k = 0; k < relativePaths.Count; k++)
        {
            outcomes[k] = await OutcomeAsync(relativePaths[k], () => inner.CreateDirectoryAsync(relativePaths[k], cancellationToken));
        }

        return outcomes;
    }

    public async Task<IReadOnlyList<string?>> SetDirectoriesMetadataAsync(IReadOnlyList<SyncDirectoryMetadata> directories, CancellationToken cancellationToken)
    {
        Assert.InRange(directories.Count, 1, limits.MaxFiles);
        Interlocked.Increment(ref _directoryBatches);
        var outcomes = new string?[directories.Count];
        for (var k = 0; k < directories.Count; k++)
        {
            outcomes[k] = await OutcomeAsync(directories[k].RelativePath, () => inner.SetDirectoryMetadataAsync(directories[k].RelativePath, directories[k].Metadata, cancellationToken));
        }

        return outcomes;
    }

    public IAsyncEnumerable<TargetEntry> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<IReadOnlyList<TargetEntry?>> StatAsync(IReadOnlyList<string> relativePaths, CancellationToken cancellationToken) => inner.StatAsync(relativePaths, cancellationToken);

    public Task CreateDirectoryAsync(string relativePath, CancellationToken cancellationToken) => throw new InvalidOperationException("directories go in batches");

    public Task WriteFileAsync(string relativePath, EntryMetadata metadata, SyncFileContent content, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _singleFiles);
        return inner.WriteFileAsync(relativePath, metadata, content, cancellationToken);
    }

    public Task WriteSymlinkAsync(string relativePath, string linkTarget, EntryMetadata metadata, CancellationToken cancellationToken) => inner.WriteSymlinkAsync(relativePath, linkTarget, metadata, cancellationToken);

    public Task SetDirectoryMetadataAsync(string relativePath, EntryMetadata metadata, CancellationToken cancellationToken) => throw new InvalidOperationException("directories go in batches");

    public Task DeleteAsync(string relativePath, SyncEntryKind kind, CancellationToken cancellationToken) => inner.DeleteAsync(relativePath, kind, cancellationToken);

    public Task<byte[]> HashFileAsync(string relativePath, CancellationToken cancellationToken) => inner.HashFileAsync(relativePath, cancellationToken);

    public Task<int> RemoveLeftoversAsync(CancellationToken cancellationToken) => inner.RemoveLeftoversAsync(cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    private async Task<string?> OutcomeAsync(string path, Func<Task> write)
    {
        try
        {
            if (failInBatch?.Invoke(path) == true)
            {
                throw new IOException($"'{path}': injected failure");
            }

            await write();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
