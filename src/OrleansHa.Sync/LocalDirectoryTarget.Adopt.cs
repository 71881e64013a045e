using Microsoft.Win32.SafeHandles;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

public sealed partial class LocalDirectoryTarget
{
    /// <summary>
    /// Puts a file staged elsewhere on this machine (an upload of the <c>silo</c> transport) into place atomically with
    /// <paramref name="metadata"/> and the owner, as <see cref="WriteFileAsync"/> would. Where the staging folder and the
    /// target share a file system the staged file itself is hard-linked in under the temporary name, so a large file is
    /// not written a second time and the commit costs no more than its metadata and an fsync; across file systems it is
    /// copied with copy_file_range (holes kept). The staged file is left where it is: the caller removes it once this
    /// returned, so a failure leaves it to try again.
    /// </summary>
    /// <param name="relativePath">Where the file goes, relative to the root.</param>
    /// <param name="metadata">Its mode, time and owner.</param>
    /// <param name="stagedPath">The staged file's absolute path (owned by this process, not by the target's owner).</param>
    /// <param name="length">The length the staged file must have.</param>
    /// <param name="cancellationToken">Stops a copy across file systems.</param>
    public async Task AdoptFileAsync(string relativePath, EntryMetadata metadata, string stagedPath, long length, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stagedPath);
        using var staged = Libc.OpenAbsolute(stagedPath, Libc.ORdOnly | Libc.ONoFollow, out var errno);
        if (staged.IsInvalid)
        {
            throw Libc.Error("open the staged file for", relativePath, errno);
        }

        var stat = StatInfo.Get(staged, string.Empty, stagedPath);
        if (!stat.IsFile || stat.Size != length)
        {
            throw new IOException($"The staged file for '{relativePath}' ({stagedPath}) holds {stat.Size} bytes, not the {length} sent; the run sends the file again.");
        }

        var linked = false;
        await WriteNewFileAsync(relativePath, metadata, (file, cancel) =>
        {
            if (!linked)
            {
                cancel.ThrowIfCancellationRequested();
                Truncate(file, length, relativePath);
                CopyLocal(new LocalSourceFile(staged, stat, stagedPath, hashWhileReading: false), file, relativePath);
            }

            return ValueTask.CompletedTask;
        }, cancellationToken, (dir, temp) => linked = TryLink(stagedPath, dir, temp));
    }

    /// <summary>
    /// Links the staged file into the directory as <paramref name="temp"/>. False when it cannot be (EXDEV: another file
    /// system; EPERM, EMLINK, EOPNOTSUPP: no hard link there; EEXIST: the name is taken and the caller picks another):
    /// the file is then copied, and a real problem shows up there.
    /// </summary>
    private static bool TryLink(string stagedPath, SafeFileHandle dir, string temp)
        => Libc.LinkAt(Libc.AtFdCwd, stagedPath, dir, temp, 0) == 0;
}
