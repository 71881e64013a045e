using OrleansHa.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// Small files in batches: one call carries up to <see cref="SmallFileBatch"/> worth of them, where one call per file
/// made a tree of small files cost a round trip (and a turn of the receiver) each. New directories and directories'
/// metadata go in batches of as many.
/// </summary>
public sealed partial class RemoteSyncTarget : IBatchSyncTarget
{
    /// <summary>
    /// Up to 256 files of up to 128 KiB each, 1 MiB of content in all: the receiver writes a batch within one call
    /// bounded by its <c>ReplicaReceiver:IoTimeout</c> (20 s by default), and 256 durable writes (an fsync each, one
    /// after another) take about a second on a disk, a few seconds on a slow one.
    /// </summary>
    public static readonly SyncBatchLimits SmallFileBatch = new(MaxFiles: 256, MaxBytes: 1 << 20, MaxFileSize: 128 << 10);

    /// <inheritdoc />
    public SyncBatchLimits BatchLimits => SmallFileBatch;

    /// <inheritdoc />
    public async Task<IReadOnlyList<string?>> WriteFilesAsync(IReadOnlyList<SyncBatchFile> files, CancellationToken cancellationToken)
    {
        await PaceAsync(files.Sum(f => (long)f.Content.Length), cancellationToken);
        return await receiver.WriteFilesAsync([.. files.Select(f => new ReplicaBatchFile(f.RelativePath, f.Metadata.ToReplica(), f.Content))]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string?>> CreateDirectoriesAsync(IReadOnlyList<string> relativePaths, CancellationToken cancellationToken)
        => receiver.CreateDirectoriesAsync(relativePaths);

    /// <inheritdoc />
    public Task<IReadOnlyList<string?>> SetDirectoriesMetadataAsync(IReadOnlyList<SyncDirectoryMetadata> directories, CancellationToken cancellationToken)
        => receiver.SetDirectoriesMetadataAsync([.. directories.Select(d => new ReplicaDirectoryMetadata(d.RelativePath, d.Metadata.ToReplica()))]);
}
