using System.Runtime.InteropServices;

namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>The process's own user and group ids (libc).</summary>
internal static class NativeIds
{
    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern uint getuid();

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern uint getgid();
}
