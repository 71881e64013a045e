using System.Runtime.CompilerServices;
using OrleansHa.Destinations;
using OrleansHa.Sync;
using OrleansHa.Sync.Delta;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// An <see cref="ISyncTarget"/> on another OrleansHa system: every operation is a call to the
/// <see cref="IReplicaReceiverGrain"/> there, which writes through a local target on its side. Small
/// files travel in one call; larger ones in chunks staged by the receiver and committed at the end, resuming what an
/// interrupted earlier transfer of the same file left there (see RemoteSyncTarget.Resume.cs). With a throttle
/// (the destination's bandwidth limit), every send of file content waits for its bytes first, at the run's priority.
/// </summary>
/// <param name="receiver">The receiver on the other system.</param>
/// <param name="throttle">Paces the file content sent; null sends as fast as the receiver takes it.</param>
/// <param name="priority">The run's priority at the throttle; higher is served first.</param>
public sealed partial class RemoteSyncTarget(IReplicaReceiverGrain receiver, ITransferThrottle? throttle = null, int priority = 0) : ISyncTarget, IDeltaSyncTarget
{
    /// <summary>Files up to this size travel in one call.</summary>
    public const int SingleCallLimit = 1 << 20;

    /// <summary>
    /// Chunk calls of one file kept in flight at once: each lands at its own offset, so their order does not matter,
    /// and the link carries the next chunk while the receiver writes the last (one at a time, the run waited a round
    /// trip per MiB).
    /// </summary>
    public const int ChunksInFlight = 4;

    private const int ListPage = 4096;

    /// <inheritdoc />
    public async IAsyncEnumerable<TargetEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var offset = 0; ; offset += ListPage)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await receiver.ListAsync(offset, ListPage);
            foreach (var entry in page)
            {
                yield return entry.ToTarget();
            }

            if (page.Count < ListPage)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TargetEntry?>> StatAsync(IReadOnlyList<string> relativePaths, CancellationToken cancellationToken)
        => [.. (await receiver.StatAsync(relativePaths)).Select(e => e?.ToTarget())];

    /// <inheritdoc />
    public Task CreateDirectoryAsync(string relativePath, CancellationToken cancellationToken)
        => receiver.CreateDirectoryAsync(relativePath);

    /// <inheritdoc />
    public async Task WriteFileAsync(string relativePath, EntryMetadata metadata, SyncFileContent content, CancellationToken cancellationToken)
    {
        if (content.Length <= SingleCallLimit)
        {
            var bytes = new byte[content.Length];
            var filled = 0L;
            await foreach (var chunk in content.ReadChunksAsync(cancellationToken))
            {
                if (chunk.Offset + chunk.Data.Length > bytes.Length)
                {
                    throw new IOException($"'{relativePath}' grew while it was read ({content.Length} bytes declared).");
                }

                chunk.Data.CopyTo(bytes.AsMemory((int)chunk.Offset));
                filled += chunk.Data.Length;
            }

            if (filled != bytes.Length)
            {
                throw new IOException($"'{relativePath}' gave {filled} of its {bytes.Length} bytes.");
            }

            await PaceAsync(bytes.Length, cancellationToken);
            await receiver.WriteFileAsync(relativePath, metadata.ToReplica(), bytes);
            return;
        }

        await WriteChunkedAsync(relativePath, metadata, content, cancellationToken);
    }

    /// <inheritdoc />
    public Task WriteSymlinkAsync(string relativePath, string linkTarget, EntryMetadata metadata, CancellationToken cancellationToken)
        => receiver.WriteSymlinkAsync(relativePath, linkTarget, metadata.ToReplica());

    /// <inheritdoc />
    public Task SetDirectoryMetadataAsync(string relativePath, EntryMetadata metadata, CancellationToken cancellationToken)
        => receiver.SetDirectoryMetadataAsync(relativePath, metadata.ToReplica());

    /// <inheritdoc />
    public Task DeleteAsync(string relativePath, SyncEntryKind kind, CancellationToken cancellationToken)
        => receiver.DeleteAsync(relativePath, (ReplicaEntryKind)kind);

    /// <inheritdoc />
    public Task<byte[]> HashFileAsync(string relativePath, CancellationToken cancellationToken)
        => receiver.HashFileAsync(relativePath);

    /// <inheritdoc />
    public Task<int> RemoveLeftoversAsync(CancellationToken cancellationToken)
        => receiver.RemoveLeftoversAsync();

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken)
        => receiver.FlushAsync();

    /// <summary>Waits until <paramref name="bytes"/> of file content may go on the link (at once without a throttle).</summary>
    private ValueTask PaceAsync(long bytes, CancellationToken cancellationToken)
        => throttle is null ? ValueTask.CompletedTask : throttle.WaitAsync(bytes, priority, cancellationToken);
}
