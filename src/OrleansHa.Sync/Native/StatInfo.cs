using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace OrleansHa.Sync.Native;

/// <summary>The fields of <c>struct statx</c> the engine uses (its layout is the same on every Linux architecture).</summary>
internal readonly record struct StatInfo(int Mode, int Uid, int Gid, long Size, FileTime Mtime, long Inode, long Blocks)
{
    public const int TypeMask = 0xF000;
    public const int TypeFile = 0x8000;
    public const int TypeDirectory = 0x4000;
    public const int TypeSymlink = 0xA000;

    public int Type => Mode & TypeMask;

    public int Permissions => Mode & 0xFFF;

    public bool IsFile => Type == TypeFile;

    public bool IsDirectory => Type == TypeDirectory;

    public bool IsSymlink => Type == TypeSymlink;

    /// <summary>lstat-like: stats <paramref name="name"/> in <paramref name="dirFd"/> without following a final link; "" stats the descriptor itself.</summary>
    public static unsafe bool TryGet(SafeFileHandle dirFd, string name, out StatInfo info, out int errno)
    {
        var buffer = stackalloc byte[256];
        var flags = Libc.AtSymlinkNoFollow | (name.Length == 0 ? Libc.AtEmptyPath : 0);
        if (Libc.Statx(dirFd, name, flags, Libc.StatxBasicStats, buffer) != 0)
        {
            errno = Libc.LastError;
            info = default;
            return false;
        }

        errno = 0;
        info = Parse(buffer);
        return true;
    }

    /// <summary>As <see cref="TryGet(SafeFileHandle, string, out StatInfo, out int)"/>, for a non-empty NUL-terminated UTF-8 name.</summary>
    public static unsafe bool TryGet(SafeFileHandle dirFd, byte* name, out StatInfo info, out int errno)
    {
        var buffer = stackalloc byte[256];
        if (Libc.StatxBytes(dirFd, name, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, buffer) != 0)
        {
            errno = Libc.LastError;
            info = default;
            return false;
        }

        errno = 0;
        info = Parse(buffer);
        return true;
    }

    public static StatInfo Get(SafeFileHandle dirFd, string name, string displayPath)
        => TryGet(dirFd, name, out var info, out var errno) ? info : throw Libc.Error("stat", displayPath, errno);

    private static unsafe StatInfo Parse(byte* buffer)
    {
        var span = new ReadOnlySpan<byte>(buffer, 256);
        return new StatInfo(
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(span[28..]),
            Uid: (int)BinaryPrimitives.ReadUInt32LittleEndian(span[20..]),
            Gid: (int)BinaryPrimitives.ReadUInt32LittleEndian(span[24..]),
            Size: (long)BinaryPrimitives.ReadUInt64LittleEndian(span[40..]),
            Mtime: new FileTime(BinaryPrimitives.ReadInt64LittleEndian(span[112..]), (int)BinaryPrimitives.ReadUInt32LittleEndian(span[120..])),
            Inode: (long)BinaryPrimitives.ReadUInt64LittleEndian(span[32..]),
            Blocks: (long)BinaryPrimitives.ReadUInt64LittleEndian(span[48..]));
    }
}
