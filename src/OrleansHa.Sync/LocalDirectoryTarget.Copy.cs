using Microsoft.Win32.SafeHandles;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

public sealed partial class LocalDirectoryTarget
{
    /// <summary>Up to this size a file is copied with one read and one write (and holes, if any, are written out).</summary>
    private const int SmallFile = 256 * 1024;

    [ThreadStatic]
    private static byte[]? t_smallBuffer;

    private bool _copyFileRangeWorks = true;

    /// <summary>Copies the data ranges with copy_file_range (in the kernel, no user-space buffer); holes stay holes.</summary>
    private unsafe void CopyLocal(LocalSourceFile source, SafeFileHandle destination, string path)
    {
        byte[]? buffer = null;
        foreach (var (start, end) in source.DataSegments())
        {
            long inOffset = start, outOffset = start;
            while (inOffset < end)
            {
                if (_copyFileRangeWorks)
                {
                    var copied = Libc.CopyFileRange(source.Handle, &inOffset, destination, &outOffset, (nuint)Math.Min(end - inOffset, 1L << 30), 0);
                    if (copied > 0)
                    {
                        continue;
                    }

                    if (copied == 0)
                    {
                        throw new SourceChangedException($"'{source.DisplayPath}' shrank while it was being copied; the previous copy was kept and the next run copies it again.");
                    }

                    var errno = Libc.LastError;
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }

                    if (errno is not (Libc.EXDEV or Libc.ENOSYS or Libc.EINVAL or Libc.EOPNOTSUPP))
                    {
                        throw Libc.Error("copy", path, errno);
                    }

                    _copyFileRangeWorks = false; // e.g. an old kernel or a file system without it: plain reads and writes
                }

                buffer ??= new byte[1 << 20];
                fixed (byte* p = buffer)
                {
                    var read = Libc.PRead(source.Handle, p, (nuint)Math.Min(buffer.Length, end - inOffset), inOffset);
                    if (read <= 0)
                    {
                        throw read == 0
                            ? new SourceChangedException($"'{source.DisplayPath}' shrank while it was being copied; the previous copy was kept and the next run copies it again.")
                            : Libc.Error("read", source.DisplayPath, Libc.LastError);
                    }

                    WriteAt(destination, buffer.AsSpan(0, (int)read), outOffset, path);
                    inOffset += read;
                    outOffset += read;
                }
            }
        }
    }

    private static void Truncate(SafeFileHandle file, long length, string path)
    {
        if (Libc.FTruncate(file, length) != 0)
        {
            throw Libc.Error("size", path, Libc.LastError);
        }
    }

    private static void CopySmall(LocalSourceFile source, SafeFileHandle destination, string path)
    {
        var buffer = t_smallBuffer ??= new byte[SmallFile];
        var length = (int)source.Length;
        if (ReadFully(source.Handle, buffer.AsSpan(0, length), 0, source.DisplayPath) != length)
        {
            throw new SourceChangedException($"'{source.DisplayPath}' shrank while it was being copied; the previous copy was kept and the next run copies it again.");
        }

        WriteAt(destination, buffer.AsSpan(0, length), 0, path);
    }

    /// <summary>Reads into <paramref name="into"/> from <paramref name="offset"/> until it is full or the file ends; returns the bytes read.</summary>
    private static unsafe int ReadFully(SafeFileHandle file, Span<byte> into, long offset, string path)
    {
        var done = 0;
        fixed (byte* p = into)
        {
            while (done < into.Length)
            {
                var read = Libc.PRead(file, p + done, (nuint)(into.Length - done), offset + done);
                if (read < 0)
                {
                    if (Libc.LastError == Libc.EINTR)
                    {
                        continue;
                    }

                    throw Libc.Error("read", path, Libc.LastError);
                }

                if (read == 0)
                {
                    break;
                }

                done += (int)read;
            }
        }

        return done;
    }

    private static unsafe void WriteAt(SafeFileHandle file, ReadOnlySpan<byte> data, long offset, string path)
    {
        fixed (byte* start = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var written = Libc.PWrite(file, start + done, (nuint)(data.Length - done), offset + done);
                if (written < 0)
                {
                    if (Libc.LastError == Libc.EINTR)
                    {
                        continue;
                    }

                    throw Libc.Error("write", path, Libc.LastError);
                }

                done += (int)written;
            }
        }
    }
}
