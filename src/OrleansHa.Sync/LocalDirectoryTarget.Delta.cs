using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;
using OrleansHa.Sync.Delta;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// The receiving half of delta transfer: signatures of the files this target holds, and new versions built from an
/// old one plus ops (see <see cref="DeltaContent"/>) through <see cref="WriteNewFileAsync"/>, so a delta build is as
/// atomic as any other write (a failed or interrupted one leaves the old version). This target does not offer delta
/// to the engine itself (it is no <see cref="IDeltaSyncTarget"/>): on a local disk a whole copy costs less. A receiver
/// of the <c>silo</c> transport uses these.
/// </summary>
public sealed partial class LocalDirectoryTarget
{
    private const int DeltaBuffer = 1 << 20;

    /// <summary>
    /// The signatures of up to <paramref name="maxBlocks"/> blocks from <paramref name="firstBlock"/> of the file at
    /// <paramref name="relativePath"/>, in blocks of <see cref="DeltaSignature.BlockSizeFor"/> its length; null when
    /// there is no regular file there, the owner may not read it, or it changed while it was read. Pages of one file
    /// carry its length and modification time, so a caller can tell they describe the same version.
    /// </summary>
    public Task<DeltaSignature?> GetSignatureAsync(string relativePath, long firstBlock, int maxBlocks, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstBlock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBlocks);
        using var file = OpenBasis(relativePath, out var stat);
        if (file is null)
        {
            return Task.FromResult<DeltaSignature?>(null);
        }

        var blockSize = DeltaSignature.BlockSizeFor(stat.Size);
        var count = (int)Math.Clamp(DeltaSignature.BlockCount(stat.Size, blockSize) - firstBlock, 0, maxBlocks);
        var weak = new uint[count];
        var strong = new UInt128[count];
        var perRead = Math.Max(1, DeltaBuffer / blockSize);
        var buffer = ArrayPool<byte>.Shared.Rent(perRead * blockSize);
        try
        {
            for (var done = 0; done < count; done += perRead)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var blocks = Math.Min(perRead, count - done);
                var offset = (firstBlock + done) * blockSize;
                var want = (int)Math.Min((long)blocks * blockSize, stat.Size - offset);
                if (ReadFully(file, buffer.AsSpan(0, want), offset, relativePath) != want)
                {
                    return Task.FromResult<DeltaSignature?>(null); // shrank while read
                }

                DeltaSignature.ComputeBlocks(buffer.AsSpan(0, want), blockSize, weak.AsSpan(done, blocks), strong.AsSpan(done, blocks));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var after = StatInfo.Get(file, string.Empty, relativePath);
        return Task.FromResult(after.Size != stat.Size || after.Mtime != stat.Mtime
            ? null
            : new DeltaSignature(stat.Size, stat.Mtime.VersionStamp, blockSize, firstBlock, weak, strong));
    }

    /// <summary>
    /// Opens the file at <paramref name="relativePath"/> as the basis of a delta build if it is still the version of
    /// <paramref name="length"/> bytes and modification time <paramref name="mtimeNanoseconds"/> a signature described
    /// (and the owner may read it); null otherwise.
    /// </summary>
    public DeltaBasis? OpenDeltaBasis(string relativePath, long length, long mtimeNanoseconds)
    {
        var file = OpenBasis(relativePath, out var stat);
        if (file is null)
        {
            return null;
        }

        if (stat.Size != length || stat.Mtime.VersionStamp != mtimeNanoseconds)
        {
            file.Dispose();
            return null;
        }

        return new DeltaBasis(file, relativePath, length);
    }

    /// <summary>
    /// Builds the new version of <paramref name="relativePath"/> from <paramref name="basis"/> and the ops of
    /// <paramref name="content"/>: copies come from the basis (copy_file_range, which shares the blocks where the file
    /// system can; read and write where it cannot), literals are written; the result's XxHash128 is checked against
    /// <see cref="DeltaContent.ExpectedHash"/> before the rename. False, with nothing changed, when it does not match.
    /// </summary>
    public async Task<bool> WriteDeltaAsync(string relativePath, EntryMetadata metadata, DeltaBasis basis, DeltaContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            await WriteNewFileAsync(relativePath, metadata, async (file, cancel) =>
            {
                Truncate(file, content.Length, relativePath);
                var hasher = new XxHash128();
                var buffer = ArrayPool<byte>.Shared.Rent(DeltaBuffer);
                try
                {
                    long position = 0;
                    await foreach (var op in content.ReadOpsAsync(cancel).ConfigureAwait(false))
                    {
                        if (op.TargetOffset != position || op.Length <= 0 || op.TargetOffset + op.Length > content.Length
                            || (op.IsCopy && op.BasisOffset + op.Length > basis.Length)
                            || (!op.IsCopy && op.Data.Length != op.Length))
                        {
                            throw new IOException(
                                $"The delta for '{relativePath}' is malformed: an op of {op.Length} bytes at {op.TargetOffset} (from {op.BasisOffset}) does not follow at {position} inside the {content.Length} bytes of the file and the {basis.Length} of its basis.");
                        }

                        if (op.IsCopy)
                        {
                            CopyFromBasis(basis, file, op, hasher, buffer, relativePath);
                        }
                        else
                        {
                            WriteAt(file, op.Data.Span, op.TargetOffset, relativePath);
                            hasher.Append(op.Data.Span);
                        }

                        position += op.Length;
                    }

                    if (position != content.Length)
                    {
                        throw new IOException($"The delta for '{relativePath}' built {position} of its {content.Length} bytes.");
                    }

                    if (hasher.GetCurrentHashAsUInt128() != content.ExpectedHash)
                    {
                        throw new DeltaMismatchException();
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DeltaMismatchException)
        {
            return false;
        }
    }

    /// <summary>The regular file at the path, opened for reading, if the owner may read it; null if there is none.</summary>
    private SafeFileHandle? OpenBasis(string relativePath, out StatInfo stat)
    {
        var (parent, name) = Split(relativePath);
        StatInfo found = default;
        SafeFileHandle? opened;
        try
        {
            opened = _dirs.Use(parent, dir =>
            {
                var file = Libc.OpenAt(dir, name, Libc.ORdOnly | Libc.ONoFollow, 0, out var errno);
                if (file.IsInvalid)
                {
                    return errno is Libc.ENOENT or Libc.ELOOP or Libc.ENOTDIR or Libc.EACCES ? null : throw Libc.Error("open", relativePath, errno);
                }

                found = StatInfo.Get(file, string.Empty, relativePath);
                if (!found.IsFile || (_access.Enforced && !_access.CanRead(found)))
                {
                    file.Dispose();
                    return null;
                }

                return file;
            });
        }
        catch (IOException) when (name.Length > 0)
        {
            opened = null; // its directory is missing or is not one
        }

        stat = found;
        return opened;
    }

    private unsafe void CopyFromBasis(DeltaBasis basis, SafeFileHandle file, DeltaOp op, XxHash128 hash, byte[] buffer, string path)
    {
        // The range is read to hash it (the end-to-end check covers copies too), then copied in the kernel, so a file
        // system with reflinks shares the blocks instead of writing them again.
        for (long done = 0; done < op.Length;)
        {
            var n = (int)Math.Min(buffer.Length, op.Length - done);
            long inOffset = op.BasisOffset + done, outOffset = op.TargetOffset + done;
            if (ReadFully(basis.Handle, buffer.AsSpan(0, n), inOffset, path) != n)
            {
                throw new IOException($"The basis of '{path}' shrank while a new version was built from it; the old version was kept.");
            }

            hash.Append(buffer.AsSpan(0, n));
            var left = n;
            while (left > 0 && _copyFileRangeWorks)
            {
                var copied = Libc.CopyFileRange(basis.Handle, &inOffset, file, &outOffset, (nuint)left, 0);
                if (copied > 0)
                {
                    left -= (int)copied;
                    continue;
                }

                var errno = copied == 0 ? 0 : Libc.LastError;
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                if (copied == 0 || errno is Libc.EXDEV or Libc.ENOSYS or Libc.EINVAL or Libc.EOPNOTSUPP)
                {
                    if (copied != 0)
                    {
                        _copyFileRangeWorks = false;
                    }

                    break;
                }

                throw Libc.Error("copy", path, errno);
            }

            if (left > 0)
            {
                WriteAt(file, buffer.AsSpan(n - left, left), outOffset, path);
            }

            done += n;
        }
    }

    /// <summary>The built file does not match the sender's hash: the temporary file goes, the old version stays.</summary>
    private sealed class DeltaMismatchException : Exception;
}
