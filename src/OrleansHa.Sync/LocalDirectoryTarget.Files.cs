using Microsoft.Win32.SafeHandles;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

public sealed partial class LocalDirectoryTarget
{
    /// <summary>Files: drop setuid/setgid/sticky (a copy must never gain privileges). Directories: keep setgid and sticky.</summary>
    private const int FileModeMask = 0b111_111_111;
    private const int DirectoryModeMask = 0b011_111_111_111;

    private readonly TemporaryNames.Instance _tempInstance;
    private int _tempCounter;

    /// <inheritdoc />
    public Task WriteFileAsync(string relativePath, EntryMetadata metadata, SyncFileContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        return WriteNewFileAsync(relativePath, metadata, async (file, cancel) =>
        {
            if (content is LocalSourceFile { HashWhileReading: false } local && local.Length <= SmallFile)
            {
                // Small files: one read and one write; seeking for holes and copy_file_range cost more than they save.
                CopySmall(local, file, relativePath);
                local.EnsureUnchanged();
            }
            else if (content is LocalSourceFile { HashWhileReading: false } large)
            {
                Truncate(file, content.Length, relativePath);
                CopyLocal(large, file, relativePath);
                large.EnsureUnchanged();
            }
            else
            {
                Truncate(file, content.Length, relativePath);
                await foreach (var chunk in content.ReadChunksAsync(cancel).ConfigureAwait(false))
                {
                    WriteAt(file, chunk.Data.Span, chunk.Offset, relativePath);
                }
            }
        }, cancellationToken);
    }

    /// <summary>
    /// The one way a file reaches the target: created under a temporary name in its directory (where the owner may
    /// write), filled by <paramref name="fill"/>, given its metadata, fsynced when durable, and renamed into place.
    /// If anything throws, the temporary file is removed and whatever was at the path stays as it was. With
    /// <paramref name="linkIn"/>, the temporary name is first offered to it (with the directory's descriptor): when it
    /// returns true it has linked an existing file there (a staged upload, see LocalDirectoryTarget.Adopt.cs), which is
    /// opened and goes through the same steps instead of a new empty file.
    /// </summary>
    private async Task WriteNewFileAsync(string relativePath, EntryMetadata metadata, Func<SafeFileHandle, CancellationToken, ValueTask> fill, CancellationToken cancellationToken, Func<SafeFileHandle, string, bool>? linkIn = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var (parent, name) = Split(relativePath);
        if (name.Length == 0)
        {
            throw new IOException("The target root cannot be written as a file.");
        }

        var temp = NextTempName();
        var file = _dirs.Use(parent, dir =>
        {
            EnsureWritable(dir, parent);
            while (true)
            {
                if (linkIn is not null && linkIn(dir, temp))
                {
                    var linked = Libc.OpenAt(dir, temp, Libc.OWrOnly | Libc.ONoFollow, 0, out var error);
                    if (linked.IsInvalid)
                    {
                        _ = Libc.UnlinkAt(dir, temp, 0);
                        throw Libc.Error("open", relativePath, error);
                    }

                    return linked;
                }

                var handle = Libc.OpenAt(dir, temp, Libc.OWrOnly | Libc.OCreat | Libc.OExcl | Libc.ONoFollow, 0b110_000_000, out var errno);
                if (!handle.IsInvalid)
                {
                    return handle;
                }

                if (errno != Libc.EEXIST)
                {
                    throw Libc.Error("create", relativePath, errno);
                }

                temp = NextTempName(); // another writer's temporary file (e.g. a second target on the same directory)
            }
        });

        var committed = false;
        try
        {
            using (file)
            {
                await fill(file, cancellationToken).ConfigureAwait(false);
                ApplyMetadata(file, metadata, isDirectory: false, relativePath);
                if (_durable && Libc.FSync(file) != 0)
                {
                    throw Libc.Error("fsync", relativePath, Libc.LastError);
                }
            }

            _dirs.Use(parent, dir => Libc.RenameAt(dir, temp, dir, name) == 0 ? 0 : throw Libc.Error("rename into place", relativePath, Libc.LastError));
            committed = true;
            _dirty.TryAdd(parent, 0);
        }
        finally
        {
            if (!committed)
            {
                RemoveTemp(parent, temp);
            }
        }
    }

    /// <inheritdoc />
    public unsafe Task WriteSymlinkAsync(string relativePath, string linkTarget, EntryMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (string.IsNullOrEmpty(linkTarget) || linkTarget.Contains('\0', StringComparison.Ordinal))
        {
            throw new IOException($"The link text for '{relativePath}' is empty or contains NUL.");
        }

        var (parent, name) = Split(relativePath);
        var temp = NextTempName();
        _dirs.Use(parent, dir =>
        {
            EnsureWritable(dir, parent);
            if (Libc.SymlinkAt(linkTarget, dir, temp) != 0)
            {
                throw Libc.Error("create link", relativePath, Libc.LastError);
            }

            try
            {
                var owner = OwnerFor(metadata);
                if (owner is var (uid, gid) && Libc.FChownAt(dir, temp, (uint)uid, (uint)gid, Libc.AtSymlinkNoFollow) != 0)
                {
                    throw Libc.Error("set owner", relativePath, Libc.LastError);
                }

                if (metadata.Preserve)
                {
                    SetTimes(metadata, times => Libc.UtimensAt(dir, temp, times, Libc.AtSymlinkNoFollow), relativePath);
                }

                if (Libc.RenameAt(dir, temp, dir, name) != 0)
                {
                    throw Libc.Error("rename into place", relativePath, Libc.LastError);
                }
            }
            catch
            {
                _ = Libc.UnlinkAt(dir, temp, 0);
                throw;
            }

            return 0;
        });
        _dirty.TryAdd(parent, 0);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A temporary name unique within this process (this target's random instance part, its tag, and a counter); O_EXCL
    /// guards the rest. Cheaper than a random name per file, which costs a call into the crypto library for each file.
    /// </summary>
    private string NextTempName() => TemporaryNames.Name(_tempInstance, (uint)Interlocked.Increment(ref _tempCounter));

    private unsafe void ApplyMetadata(SafeFileHandle handle, EntryMetadata metadata, bool isDirectory, string path, bool setOwner = true)
    {
        if (setOwner && OwnerFor(metadata) is var (uid, gid) && Libc.FChown(handle, (uint)uid, (uint)gid) != 0)
        {
            throw Libc.Error("set owner", path, Libc.LastError);
        }

        // chmod after chown: chown clears setgid on some systems.
        var mode = metadata.Preserve
            ? metadata.Mode & (isDirectory ? DirectoryModeMask : FileModeMask)
            : isDirectory ? 0b111_101_101 : 0b110_100_100;
        if (Libc.FChmod(handle, (uint)mode) != 0)
        {
            throw Libc.Error("set mode", path, Libc.LastError);
        }

        if (metadata.Preserve)
        {
            SetTimes(metadata, times => Libc.FUtimens(handle, times), path);
        }
    }

    /// <summary>
    /// The owner of an entry this target creates, or null to leave the one the kernel gave it. The rule: a copy made for
    /// a user is what that user could have made running <c>rsync -a</c> themselves. So when the process runs as root
    /// for a user who is not root, everything it creates is that user's, and keeps the source's group only where the
    /// user is a member of it (else the user's primary group): the target never holds a directory given to someone
    /// else that the user then may not write in. Only for the administrator's scope (no uid, or uid 0) does a copy
    /// keep the source's owners, as <c>rsync -a</c> does run by root; without preserved metadata it is then the
    /// scope's uid, if it names one.
    /// </summary>
    private (int Uid, int Gid)? OwnerFor(EntryMetadata metadata)
    {
        if (!_access.Privileged)
        {
            return null;
        }

        if (_scope.Uid is int user && user != 0)
        {
            return (user, metadata.Preserve && _access.IsMember(metadata.Gid) ? metadata.Gid : _scope.Gid ?? -1);
        }

        if (metadata.Preserve)
        {
            return (metadata.Uid, metadata.Gid);
        }

        return _scope.Uid is int uid ? (uid, _scope.Gid ?? metadata.Gid) : null;
    }

    private static unsafe void SetTimes(EntryMetadata metadata, SetTimesCall call, string path)
    {
        var times = stackalloc Libc.Timespec[2];
        times[0] = new Libc.Timespec { Seconds = 0, Nanoseconds = Libc.UtimeOmit };
        times[1] = new Libc.Timespec
        {
            Seconds = metadata.Mtime.Seconds,
            Nanoseconds = metadata.Mtime.Nanoseconds,
        };
        if (call(times) != 0)
        {
            throw Libc.Error("set times", path, Libc.LastError);
        }
    }

    private unsafe delegate int SetTimesCall(Libc.Timespec* times);

    private void RemoveTemp(string parent, string temp)
    {
        try
        {
            _dirs.Use(parent, dir => Libc.UnlinkAt(dir, temp, 0));
        }
        catch (IOException)
        {
            // The directory itself is gone; so is the temporary file.
        }
    }
}
