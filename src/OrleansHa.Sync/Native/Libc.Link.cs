using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OrleansHa.Sync.Native;

/// <summary>Hard links: how a staged upload is put into place without copying it (LocalDirectoryTarget.Adopt.cs).</summary>
internal static partial class Libc
{
    /// <summary>linkat(2) from an absolute path (not following a final symbolic link) into a directory descriptor.</summary>
    [LibraryImport(Lib, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LinkAt(int oldDirFd, string oldPath, SafeFileHandle newDirFd, string newPath, int flags);
}
