using OrleansHa.Destinations;
using OrleansHa.Sync;
using OrleansHa.Sync.Delta;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// Delta transfer over the <c>silo</c> transport: the receiver's signature comes in pages; the ops go in batches of
/// about <see cref="DeltaBatchBytes"/> of literal data, <see cref="ChunksInFlight"/> at a time like the chunks of a whole
/// copy, each batch's literal bytes paced first (copies from the receiver's old version are not: they do not cross the
/// link). The receiver builds the new version as the batches arrive and checks it against the whole file's hash.
/// </summary>
public sealed partial class RemoteSyncTarget
{
    /// <summary>Blocks asked for per signature page: 4,096 blocks are 80 KiB on the wire and at most 512 MiB to read there.</summary>
    public const int SignaturePageBlocks = 4096;

    /// <summary>A batch of ops is sent once it holds this much literal data.</summary>
    public const int DeltaBatchBytes = 1 << 20;

    /// <summary>
    /// Copies a batch may ask of the receiver, in bytes, and the longest single copy: the receiver reads and writes them
    /// while the next call waits, which its I/O timeout bounds.
    /// </summary>
    public const long DeltaBatchCopyBytes = 64L << 20;

    private const int DeltaBatchOps = 4096;

    /// <inheritdoc />
    public async Task<DeltaSignature?> GetSignatureAsync(string relativePath, CancellationToken cancellationToken)
    {
        var pages = new List<DeltaSignature>();
        long next = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reply = await receiver.GetSignatureAsync(relativePath, next, SignaturePageBlocks);
            if (reply is null)
            {
                return null;
            }

            var page = reply.ToSignature();
            if (page.FirstBlock != next || (pages.Count > 0 && (page.Length != pages[0].Length || page.MtimeNanoseconds != pages[0].MtimeNanoseconds)))
            {
                return null; // the file changed between pages: copy it whole
            }

            pages.Add(page);
            next += page.Count;
            if (next >= DeltaSignature.BlockCount(page.Length, page.BlockSize))
            {
                return DeltaSignature.Concat(pages);
            }

            if (page.Count == 0)
            {
                return null;
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> WriteDeltaAsync(string relativePath, EntryMetadata metadata, DeltaSignature basis, DeltaContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(content);
        if (await receiver.BeginDeltaAsync(relativePath, metadata.ToReplica(), content.Length, basis.Length, basis.MtimeNanoseconds) is not Guid upload)
        {
            return false;
        }

        var inFlight = new Queue<Task>(ChunksInFlight);
        var batch = new List<ReplicaDeltaOp>();
        long literal = 0, copied = 0;
        var sent = 0;
        try
        {
            await foreach (var op in content.ReadOpsAsync(cancellationToken))
            {
                if (op.IsCopy)
                {
                    // A long copy goes in pieces, so no batch asks the receiver for more than its share of work.
                    for (long done = 0; done < op.Length;)
                    {
                        var piece = Math.Min(op.Length - done, DeltaBatchCopyBytes - copied);
                        batch.Add(new ReplicaDeltaOp(op.TargetOffset + done, piece, op.BasisOffset + done, null));
                        copied += piece;
                        done += piece;
                        if (copied >= DeltaBatchCopyBytes)
                        {
                            await SendAsync();
                        }
                    }
                }
                else
                {
                    batch.Add(op.ToReplica());
                    literal += op.Length;
                }

                if (literal >= DeltaBatchBytes || batch.Count >= DeltaBatchOps)
                {
                    await SendAsync();
                }
            }

            if (batch.Count > 0)
            {
                await SendAsync();
            }

            while (inFlight.Count > 0)
            {
                await inFlight.Dequeue();
            }
        }
        catch
        {
            // Not committed: the receiver drops the upload when the next one for this path begins, or when it goes.
            await Task.WhenAll(inFlight).ContinueWith(static _ => { }, TaskScheduler.Default);
            throw;
        }

        var hash = content.ExpectedHash;
        return await receiver.CommitDeltaAsync(upload, sent, (ulong)(hash >> 64), (ulong)hash);

        async Task SendAsync()
        {
            if (inFlight.Count == ChunksInFlight)
            {
                await inFlight.Dequeue();
            }

            if (literal > 0)
            {
                await PaceAsync(literal, cancellationToken);
            }

            inFlight.Enqueue(receiver.WriteDeltaAsync(upload, sent++, batch.ToArray()));
            batch.Clear();
            literal = 0;
            copied = 0;
        }
    }
}
