using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace OrleansHa.Sync.Native;

/// <summary>Reads the names in an open directory with getdents64 (whose record layout is the same on every Linux architecture).</summary>
internal static unsafe class DirectoryReader
{
    public const byte TypeUnknown = 0;
    public const byte TypeDirectory = 4;
    public const byte TypeFile = 8;
    public const byte TypeSymlink = 10;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Names other than "." and ".."; a name that is not valid UTF-8 comes back with <c>Valid = false</c> and a lossy rendering.</summary>
    public static List<(string Name, byte Type, bool Valid)> ReadAll(SafeFileHandle dirFd, string displayPath)
    {
        var result = new List<(string, byte, bool)>();
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            fixed (byte* start = buffer)
            {
                while (true)
                {
                    var read = Libc.GetDents64(dirFd, start, (nuint)buffer.Length);
                    if (read < 0)
                    {
                        throw Libc.Error("read directory", displayPath, Libc.LastError);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    var offset = 0;
                    while (offset < read)
                    {
                        // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                        var record = start + offset;
                        var length = *(ushort*)(record + 16);
                        var type = record[18];
                        var name = new ReadOnlySpan<byte>(record + 19, length - 19);
                        name = name[..name.IndexOf((byte)0)];
                        offset += length;
                        if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                        {
                            continue;
                        }

                        try
                        {
                            result.Add((StrictUtf8.GetString(name), type, true));
                        }
                        catch (DecoderFallbackException)
                        {
                            result.Add((Encoding.UTF8.GetString(name), type, false));
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return result;
    }

    /// <summary>
    /// The names other than "." and ".." as raw bytes: each is stored NUL-terminated in <paramref name="names"/> (grown
    /// as needed) and its start is added to <paramref name="starts"/>. No string is made; the caller checks UTF-8.
    /// </summary>
    public static void ReadRaw(SafeFileHandle dirFd, string displayPath, ref byte[] names, List<int> starts)
    {
        starts.Clear();
        var used = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            fixed (byte* start = buffer)
            {
                while (true)
                {
                    var read = Libc.GetDents64(dirFd, start, (nuint)buffer.Length);
                    if (read < 0)
                    {
                        throw Libc.Error("read directory", displayPath, Libc.LastError);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    for (var offset = 0; offset < read;)
                    {
                        var record = start + offset;
                        var length = *(ushort*)(record + 16);
                        var name = new ReadOnlySpan<byte>(record + 19, length - 19);
                        name = name[..name.IndexOf((byte)0)];
                        offset += length;
                        if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                        {
                            continue;
                        }

                        if (used + name.Length + 1 > names.Length)
                        {
                            Array.Resize(ref names, Math.Max(names.Length * 2, used + name.Length + 1));
                        }

                        name.CopyTo(names.AsSpan(used));
                        names[used + name.Length] = 0;
                        starts.Add(used);
                        used += name.Length + 1;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a symbolic link's text.</summary>
    public static string ReadLink(SafeFileHandle dirFd, string name, string displayPath)
    {
        var buffer = stackalloc byte[4097];
        var read = Libc.ReadLinkAt(dirFd, name, buffer, 4097);
        if (read < 0)
        {
            throw Libc.Error("read link", displayPath, Libc.LastError);
        }

        var bytes = new ReadOnlySpan<byte>(buffer, (int)read);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new IOException($"The link text of '{displayPath}' is not valid UTF-8; only UTF-8 names and link texts are copied.");
        }
    }
}
