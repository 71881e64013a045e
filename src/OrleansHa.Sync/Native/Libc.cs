using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OrleansHa.Sync.Native;

/// <summary>
/// The Linux system calls the engine needs, through glibc. Paths are always relative to a directory descriptor and
/// opened with O_NOFOLLOW, so a path can never leave the tree through a symbolic link swapped in behind our back.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;
    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int OCloExec = 0x80000;
    public const int SeekData = 3;
    public const int SeekHole = 4;
    public const long UtimeOmit = (1L << 30) - 2;
    public const uint StatxBasicStats = 0x7ff;

    public const int ENOENT = 2;
    public const int ENXIO = 6;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int EOPNOTSUPP = 95;
    public const int EINTR = 4;

    // O_DIRECTORY and O_NOFOLLOW differ between x86-64 and the ARM ports.
    public static readonly int ODirectory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;
    public static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    [LibraryImport(Lib, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAtRaw(SafeFileHandle dirFd, string path, int flags, uint mode);

    [LibraryImport(Lib, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAtCwdRaw(int dirFd, string path, int flags, uint mode);

    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(SafeFileHandle dirFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>statx with a NUL-terminated UTF-8 name (the scan's hot path: no string, no marshalling).</summary>
    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true)]
    public static partial int StatxBytes(SafeFileHandle dirFd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport(Lib, EntryPoint = "getdents64", SetLastError = true)]
    public static partial nint GetDents64(SafeFileHandle fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ReadLinkAt(SafeFileHandle dirFd, string path, byte* buffer, nuint size);

    [LibraryImport(Lib, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkdirAt(SafeFileHandle dirFd, string path, uint mode);

    [LibraryImport(Lib, EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt(SafeFileHandle oldDirFd, string oldPath, SafeFileHandle newDirFd, string newPath);

    [LibraryImport(Lib, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(SafeFileHandle dirFd, string path, int flags);

    [LibraryImport(Lib, EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SymlinkAt(string target, SafeFileHandle dirFd, string linkPath);

    [LibraryImport(Lib, EntryPoint = "fchmod", SetLastError = true)]
    public static partial int FChmod(SafeFileHandle fd, uint mode);

    [LibraryImport(Lib, EntryPoint = "fchown", SetLastError = true)]
    public static partial int FChown(SafeFileHandle fd, uint uid, uint gid);

    [LibraryImport(Lib, EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FChownAt(SafeFileHandle dirFd, string path, uint uid, uint gid, int flags);

    [LibraryImport(Lib, EntryPoint = "futimens", SetLastError = true)]
    public static partial int FUtimens(SafeFileHandle fd, Timespec* times);

    [LibraryImport(Lib, EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UtimensAt(SafeFileHandle dirFd, string path, Timespec* times, int flags);

    [LibraryImport(Lib, EntryPoint = "fsync", SetLastError = true)]
    public static partial int FSync(SafeFileHandle fd);

    [LibraryImport(Lib, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int FTruncate(SafeFileHandle fd, long length);

    [LibraryImport(Lib, EntryPoint = "lseek", SetLastError = true)]
    public static partial long LSeek(SafeFileHandle fd, long offset, int whence);

    [LibraryImport(Lib, EntryPoint = "copy_file_range", SetLastError = true)]
    public static partial nint CopyFileRange(SafeFileHandle fdIn, long* offIn, SafeFileHandle fdOut, long* offOut, nuint length, uint flags);

    [LibraryImport(Lib, EntryPoint = "pread", SetLastError = true)]
    public static partial nint PRead(SafeFileHandle fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Lib, EntryPoint = "pwrite", SetLastError = true)]
    public static partial nint PWrite(SafeFileHandle fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Lib, EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathRaw(string path, nint resolved);

    [LibraryImport(Lib, EntryPoint = "free")]
    private static partial void Free(nint pointer);

    /// <summary>The path with every symbolic link, "." and ".." resolved, or null with the errno if that fails.</summary>
    public static string? RealPath(string path, out int errno)
    {
        var result = RealPathRaw(path, 0);
        if (result == 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        try
        {
            return Marshal.PtrToStringUTF8(result);
        }
        finally
        {
            Free(result);
        }
    }

    [LibraryImport(Lib, EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    /// <summary>Opens <paramref name="path"/> relative to <paramref name="dirFd"/>; returns an invalid handle and the errno on failure.</summary>
    public static SafeFileHandle OpenAt(SafeFileHandle dirFd, string path, int flags, uint mode, out int errno)
    {
        int fd;
        do
        {
            fd = OpenAtRaw(dirFd, path, flags | OCloExec, mode);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (fd < 0 && errno == EINTR);

        return new SafeFileHandle(fd, ownsHandle: fd >= 0);
    }

    /// <summary>Opens an absolute path (used only for roots, which are resolved and checked first).</summary>
    public static SafeFileHandle OpenAbsolute(string path, int flags, out int errno)
    {
        var fd = OpenAtCwdRaw(AtFdCwd, path, flags | OCloExec, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return new SafeFileHandle(fd, ownsHandle: fd >= 0);
    }

    /// <summary>An exception for a failed call on a path, naming both.</summary>
    public static Exception Error(string operation, string path, int errno)
    {
        var text = Marshal.GetPInvokeErrorMessage(errno);
        return errno switch
        {
            EACCES => new SyncAccessDeniedException($"{operation} '{path}': {text}"),
            _ => new IOException($"{operation} '{path}': {text} (errno {errno})", errno),
        };
    }

    public static int LastError => Marshal.GetLastPInvokeError();

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
