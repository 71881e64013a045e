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
        var sink = new StringSink([]);
        Walk(dirFd, displayPath, ref sink);
        return sink.Result;
    }

    /// <summary>
    /// The names other than "." and ".." as raw bytes: each is stored NUL-terminated in <paramref name="names"/> (grown
    /// as needed) and its start is added to <paramref name="starts"/>. No string is made; the caller checks UTF-8.
    /// </summary>
    public static void ReadRaw(SafeFileHandle dirFd, string displayPath, ref byte[] names, List<int> starts)
    {
        starts.Clear();
        var sink = new RawSink(names, starts);
        Walk(dirFd, displayPath, ref sink);
        names = sink.Names;
    }

    /// <summary>Hands every record's name (without its NUL) and d_type to the sink, skipping "." and "..".</summary>
    /// <remarks>The sink is a struct passed by reference, so the scan's hot path makes no delegate or closure.</remarks>
    private static void Walk<TSink>(SafeFileHandle dirFd, string displayPath, ref TSink sink)
        where TSink : struct, INameSink
    {
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
                        // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                        var record = start + offset;
                        var length = *(ushort*)(record + 16);
                        var type = record[18];
                        var name = new ReadOnlySpan<byte>(record + 19, length - 19);
                        name = name[..name.IndexOf((byte)0)];
                        offset += length;
                        if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                        {
                            sink.Add(name, type);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private interface INameSink
    {
        void Add(ReadOnlySpan<byte> name, byte type);
    }

    private struct StringSink(List<(string Name, byte Type, bool Valid)> result) : INameSink
    {
        public readonly List<(string Name, byte Type, bool Valid)> Result => result;

        public readonly void Add(ReadOnlySpan<byte> name, byte type)
        {
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

    private struct RawSink(byte[] names, List<int> starts) : INameSink
    {
        private int _used;

        public byte[] Names { get; private set; } = names;

        public void Add(ReadOnlySpan<byte> name, byte type)
        {
            if (_used + name.Length + 1 > Names.Length)
            {
                var grown = Names;
                Array.Resize(ref grown, Math.Max(Names.Length * 2, _used + name.Length + 1));
                Names = grown;
            }

            name.CopyTo(Names.AsSpan(_used));
            Names[_used + name.Length] = 0;
            starts.Add(_used);
            _used += name.Length + 1;
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
