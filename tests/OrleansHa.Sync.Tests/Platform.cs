// The engine and its tests are Linux-only (openat, statx, copy_file_range, rsync).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
