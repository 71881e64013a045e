using Microsoft.Win32.SafeHandles;

namespace OrleansHa.Sync.Delta;

/// <summary>
/// The version of a file a local target builds a delta from, held open from the check that it is still the version the
/// signature described until the new version is in place (a rename over the path leaves this descriptor reading the
/// old content). See <see cref="LocalDirectoryTarget.OpenDeltaBasis"/>.
/// </summary>
public sealed class DeltaBasis : IDisposable
{
    internal DeltaBasis(SafeFileHandle handle, string path, long length)
    {
        Handle = handle;
        Path = path;
        Length = length;
    }

    /// <summary>The path relative to the target's root.</summary>
    public string Path { get; }

    /// <summary>The basis's length in bytes.</summary>
    public long Length { get; }

    internal SafeFileHandle Handle { get; }

    /// <inheritdoc />
    public void Dispose() => Handle.Dispose();
}
