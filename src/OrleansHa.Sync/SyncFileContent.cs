namespace OrleansHa.Sync;

/// <summary>
/// The content of one file on its way to a target: its length and its data as chunks at offsets. A target must consume
/// the chunks in order and must not commit the file if enumeration throws (for example because the source changed
/// while it was read). Holes (ranges no chunk covers) read as zeros.
/// </summary>
public abstract class SyncFileContent
{
    /// <summary>The file's final length in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>The data, in increasing offset order. Each chunk's memory is valid until the next one is requested.</summary>
    public abstract IAsyncEnumerable<FileChunk> ReadChunksAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when the content can be read from an offset and its prefix hashed (<see cref="ReadChunksAsync(long, CancellationToken)"/>,
    /// <see cref="HashPrefixAsync"/>): what a target needs to resume an interrupted transfer.
    /// </summary>
    public virtual bool CanReadFrom => false;

    /// <summary>
    /// Where the last read started: 0 for a whole read; more when a target resumed an interrupted transfer and sent only
    /// the rest (the engine reports these bytes as resumed).
    /// </summary>
    public long ReadFrom { get; protected set; }

    /// <summary>
    /// The data from <paramref name="offset"/> on, as <see cref="ReadChunksAsync(CancellationToken)"/> (with its checks
    /// that the source did not change); only from 0 unless <see cref="CanReadFrom"/>.
    /// </summary>
    public virtual IAsyncEnumerable<FileChunk> ReadChunksAsync(long offset, CancellationToken cancellationToken)
        => offset == 0 ? ReadChunksAsync(cancellationToken)
            : throw new NotSupportedException("This content is read only from its start; check CanReadFrom before resuming.");

    /// <summary>The SHA-256 of the first <paramref name="length"/> bytes (holes as zeros); only when <see cref="CanReadFrom"/>.</summary>
    public virtual ValueTask<byte[]> HashPrefixAsync(long length, CancellationToken cancellationToken)
        => throw new NotSupportedException("This content cannot hash a prefix; check CanReadFrom before resuming.");

    /// <summary>Content made from chunks that arrive some other way (e.g. over the network on a receiving system).</summary>
    public static SyncFileContent FromChunks(long length, IAsyncEnumerable<FileChunk> chunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentNullException.ThrowIfNull(chunks);
        return new ChunkContent(length, chunks);
    }

    /// <summary>Content read from a stream from its current position to its end; <paramref name="length"/> must match.</summary>
    public static SyncFileContent FromStream(Stream stream, long length)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new ChunkContent(length, ReadStreamAsync(stream, length));
    }

    private static async IAsyncEnumerable<FileChunk> ReadStreamAsync(
        Stream stream,
        long length,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // No larger than the content: a receiver writes many small files through here, and a 1 MiB buffer for each
        // of them cost more than the writes.
        var buffer = new byte[(int)Math.Clamp(length, 1, 1 << 20)];
        long offset = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            yield return new FileChunk(offset, buffer.AsMemory(0, read));
            offset += read;
        }

        if (offset != length)
        {
            throw new IOException($"The stream held {offset} bytes but the content was declared as {length} bytes.");
        }
    }

    private sealed class ChunkContent(long length, IAsyncEnumerable<FileChunk> chunks) : SyncFileContent
    {
        public override long Length => length;

        public override IAsyncEnumerable<FileChunk> ReadChunksAsync(CancellationToken cancellationToken) => chunks;
    }
}
