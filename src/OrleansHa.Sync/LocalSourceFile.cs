using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// A source file opened by the engine (after its confinement and access checks). Yields only the data ranges
/// (SEEK_DATA/SEEK_HOLE), so holes stay holes, and checks at the end that the file did not change while it was read;
/// if it did, enumeration throws and the target must not commit. A local target reads the descriptor directly
/// (copy_file_range), which never passes the data through user space.
/// </summary>
internal sealed class LocalSourceFile(SafeFileHandle handle, StatInfo scanned, string displayPath, bool hashWhileReading) : SyncFileContent
{
    private const int ChunkSize = 1 << 20;
    private readonly IncrementalHash? _hash = hashWhileReading ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    private long _hashedUpTo;

    public SafeFileHandle Handle => handle;

    public override long Length => scanned.Size;

    public string DisplayPath => displayPath;

    /// <summary>True when the content is hashed as it is read, so a target must use <see cref="ReadChunksAsync(CancellationToken)"/>.</summary>
    public bool HashWhileReading => hashWhileReading;

    /// <summary>The SHA-256 of what was read, once a full read finished.</summary>
    public byte[]? Sha256 { get; private set; }

    public override bool CanReadFrom => true;

    public override IAsyncEnumerable<FileChunk> ReadChunksAsync(CancellationToken cancellationToken) => ReadChunksAsync(0, cancellationToken);

    /// <summary>
    /// The data ranges from <paramref name="from"/> on, read with pread on the descriptor. When hashing while reading,
    /// the prefix is hashed too (already, if <see cref="HashPrefixAsync"/> just did so for the same length), so
    /// <see cref="Sha256"/> is still the whole file's.
    /// </summary>
    public override async IAsyncEnumerable<FileChunk> ReadChunksAsync(long from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, Length);
        ReadFrom = from;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            if (_hash is not null && _hashedUpTo != from)
            {
                _hash.GetHashAndReset();
                _hashedUpTo = 0;
                HashRange(from, buffer, cancellationToken);
            }

            foreach (var (start, end) in DataSegments())
            {
                for (var offset = Math.Max(start, from); offset < end;)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var read = Read(buffer, offset, (int)Math.Min(ChunkSize, end - offset));
                    Hash(buffer.AsSpan(0, read), offset);
                    yield return new FileChunk(offset, buffer.AsMemory(0, read));
                    offset += read;
                }
            }

            Hash([], Length);
            EnsureUnchanged();
            if (_hash is not null)
            {
                Sha256 = _hash.GetHashAndReset();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>
    /// The SHA-256 of the first <paramref name="length"/> bytes, read with pread (holes as zeros), checking that the
    /// file did not change meanwhile. When hashing while reading, the prefix goes into the whole file's hash as well,
    /// so a read from <paramref name="length"/> that follows does not read it again.
    /// </summary>
    public override ValueTask<byte[]> HashPrefixAsync(long length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        using var own = _hash is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        try
        {
            if (_hash is not null)
            {
                _hash.GetHashAndReset();
                _hashedUpTo = 0;
            }

            var prefix = HashRange(length, buffer, cancellationToken, own);
            EnsureUnchanged();
            return ValueTask.FromResult(_hash?.GetCurrentHash() ?? prefix);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The ranges holding data, in order; a file system without SEEK_DATA gives one range for the whole file.</summary>
    public IEnumerable<(long Start, long End)> DataSegments()
    {
        var length = Length;
        long position = 0;
        while (position < length)
        {
            var data = Libc.LSeek(handle, position, Libc.SeekData);
            if (data < 0)
            {
                var errno = Libc.LastError;
                if (errno == Libc.ENXIO)
                {
                    yield break; // only a hole remains
                }

                yield return (position, length); // no SEEK_DATA here: treat all as data
                yield break;
            }

            if (data >= length)
            {
                yield break;
            }

            var hole = Libc.LSeek(handle, data, Libc.SeekHole);
            if (hole < 0 || hole > length)
            {
                hole = length;
            }

            yield return (data, hole);
            position = hole;
        }
    }

    /// <summary>Throws if the file's size or modification time differs from the scan's: it changed while we read it.</summary>
    public void EnsureUnchanged()
    {
        var now = StatInfo.Get(handle, string.Empty, displayPath);
        if (now.Size != scanned.Size || now.Mtime != scanned.Mtime)
        {
            throw new SourceChangedException($"'{displayPath}' changed while it was being copied; the previous copy was kept and the next run copies it again.");
        }
    }

    public static byte[] HashWhole(SafeFileHandle handle, long length, string displayPath)
    {
        var file = new LocalSourceFile(handle, new StatInfo(0, 0, 0, length, default, 0, 0), displayPath, hashWhileReading: true);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            foreach (var (start, end) in file.DataSegments())
            {
                for (var offset = start; offset < end;)
                {
                    var read = file.Read(buffer, offset, (int)Math.Min(ChunkSize, end - offset));
                    file.Hash(buffer.AsSpan(0, read), offset);
                    offset += read;
                }
            }

            file.Hash([], length);
            return file._hash!.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            file._hash?.Dispose();
        }
    }

    private unsafe int Read(byte[] buffer, long offset, int count)
    {
        fixed (byte* p = buffer)
        {
            nint read;
            do
            {
                read = Libc.PRead(handle, p, (nuint)count, offset);
            }
            while (read < 0 && Libc.LastError == Libc.EINTR);

            if (read < 0)
            {
                throw Libc.Error("read", displayPath, Libc.LastError);
            }

            if (read == 0)
            {
                throw new SourceChangedException($"'{displayPath}' shrank while it was being copied; the previous copy was kept and the next run copies it again.");
            }

            return (int)read;
        }
    }

    /// <summary>
    /// Hashes the first <paramref name="length"/> bytes into <paramref name="into"/> (returning its hash), or into the
    /// read's own hash when that is null (returning nothing).
    /// </summary>
    private byte[] HashRange(long length, byte[] buffer, CancellationToken cancellationToken, IncrementalHash? into = null)
    {
        long hashed = 0;
        foreach (var (start, end) in DataSegments())
        {
            for (var offset = start; offset < Math.Min(end, length);)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = Read(buffer, offset, (int)Math.Min(ChunkSize, Math.Min(end, length) - offset));
                if (into is null)
                {
                    Hash(buffer.AsSpan(0, read), offset);
                }
                else
                {
                    AppendZeros(into, hashed, offset);
                    into.AppendData(buffer.AsSpan(0, read));
                    hashed = offset + read;
                }

                offset += read;
            }
        }

        if (into is null)
        {
            Hash([], length);
            return [];
        }

        AppendZeros(into, hashed, length);
        return into.GetHashAndReset();
    }

    private static void AppendZeros(IncrementalHash hash, long from, long to)
    {
        Span<byte> zeros = stackalloc byte[4096];
        zeros.Clear();
        for (var at = from; at < to;)
        {
            var n = (int)Math.Min(zeros.Length, to - at);
            hash.AppendData(zeros[..n]);
            at += n;
        }
    }

    private void Hash(ReadOnlySpan<byte> data, long offset)
    {
        if (_hash is null)
        {
            return;
        }

        // Holes hash as the zeros they read as.
        Span<byte> zeros = stackalloc byte[4096];
        zeros.Clear();
        while (_hashedUpTo < offset)
        {
            var n = (int)Math.Min(zeros.Length, offset - _hashedUpTo);
            _hash.AppendData(zeros[..n]);
            _hashedUpTo += n;
        }

        _hash.AppendData(data);
        _hashedUpTo += data.Length;
    }
}
