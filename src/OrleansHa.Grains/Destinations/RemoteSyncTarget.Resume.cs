using OrleansHa.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// Large files: chunks to an upload the receiver stages durably, resuming from the prefix an interrupted transfer of the
/// same version made durable there — once its hash matches the source's own prefix; otherwise from the start.
/// </summary>
public sealed partial class RemoteSyncTarget
{
    private async Task WriteChunkedAsync(string relativePath, EntryMetadata metadata, SyncFileContent content, CancellationToken cancellationToken)
    {
        var replica = metadata.ToReplica();
        var (upload, from) = content.CanReadFrom
            ? await ResumeAsync(relativePath, replica, content, cancellationToken)
            : (await receiver.BeginFileAsync(relativePath, replica, content.Length), 0L);
        var inFlight = new Queue<Task>(ChunksInFlight);
        try
        {
            await foreach (var chunk in content.ReadChunksAsync(from, cancellationToken))
            {
                if (inFlight.Count == ChunksInFlight)
                {
                    await inFlight.Dequeue();
                }

                // Chunks may share a buffer the reader reuses: copy before the call.
                await PaceAsync(chunk.Data.Length, cancellationToken);
                inFlight.Enqueue(receiver.WriteChunkAsync(upload, chunk.Offset, chunk.Data.ToArray()));
            }

            while (inFlight.Count > 0)
            {
                await inFlight.Dequeue();
            }
        }
        catch
        {
            // The file is not committed; let the calls still out finish (and their failures be observed) first. What
            // they delivered stays staged at the receiver for the next run.
            await Task.WhenAll(inFlight).ContinueWith(static _ => { }, TaskScheduler.Default);
            throw;
        }

        // Only once every chunk is acknowledged: the receiver checks the length and puts the file into place.
        await receiver.CommitFileAsync(upload);
    }

    /// <summary>
    /// Asks the receiver what it holds of this file and checks it by hash against the source: the offered prefix is
    /// skipped (not paced: it does not cross the link) when it matches, and the upload starts over when it does not
    /// (a staged file damaged, or a source changed behind the same length and time).
    /// </summary>
    private async Task<(Guid Upload, long From)> ResumeAsync(string relativePath, ReplicaMetadata metadata, SyncFileContent content, CancellationToken cancellationToken)
    {
        var offer = await receiver.ResumeFileAsync(relativePath, metadata, content.Length);
        if (offer.DurableLength == 0)
        {
            return (offer.Upload, 0);
        }

        if (offer.DurableLength <= content.Length
            && (await content.HashPrefixAsync(offer.DurableLength, cancellationToken)).AsSpan().SequenceEqual(offer.PrefixSha256))
        {
            return (offer.Upload, offer.DurableLength);
        }

        return (await receiver.BeginFileAsync(relativePath, metadata, content.Length), 0);
    }
}
