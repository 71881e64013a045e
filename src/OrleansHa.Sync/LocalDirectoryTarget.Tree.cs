using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

public sealed partial class LocalDirectoryTarget
{
    /// <inheritdoc />
    public async IAsyncEnumerable<TargetEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        var root = _dirs.Use(string.Empty, dir => Describe(dir, string.Empty, string.Empty));
        if (root is not null)
        {
            yield return root;
        }

        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = pending.Pop();
            var entries = _dirs.Use(directory, dir =>
            {
                var found = new List<TargetEntry>();
                foreach (var (name, _, valid) in DirectoryReader.ReadAll(dir, directory))
                {
                    if (!valid)
                    {
                        continue; // not valid UTF-8: never something we wrote
                    }

                    var path = directory.Length == 0 ? name : directory + "/" + name;
                    if (Describe(dir, name, path) is { } entry)
                    {
                        found.Add(entry);
                    }
                }

                return found;
            });
            foreach (var entry in entries)
            {
                if (entry.Kind == SyncEntryKind.Directory)
                {
                    pending.Push(entry.Path);
                }

                yield return entry;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string relativePath, SyncEntryKind kind, CancellationToken cancellationToken)
    {
        var (parent, name) = Split(relativePath);
        if (name.Length == 0)
        {
            throw new IOException("The target root itself is never deleted.");
        }

        _dirs.Use(parent, dir =>
        {
            EnsureWritable(dir, parent);
            RemoveEntry(dir, name, relativePath);
            return 0;
        });
        if (kind == SyncEntryKind.Directory)
        {
            _dirs.Forget(relativePath);
        }

        _dirty.TryAdd(parent, 0);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<byte[]> HashFileAsync(string relativePath, CancellationToken cancellationToken)
    {
        var (parent, name) = Split(relativePath);
        var hash = _dirs.Use(parent, dir =>
        {
            using var file = Libc.OpenAt(dir, name, Libc.ORdOnly | Libc.ONoFollow, 0, out var errno);
            if (file.IsInvalid)
            {
                throw Libc.Error("open", relativePath, errno);
            }

            var s = StatInfo.Get(file, string.Empty, relativePath);
            return s.IsFile
                ? LocalSourceFile.HashWhole(file, s.Size, relativePath)
                : throw new IOException($"'{relativePath}' at the target is not a regular file.");
        });
        return Task.FromResult(hash);
    }

    /// <inheritdoc />
    public Task<int> RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = pending.Pop();
            try
            {
                removed += _dirs.Use(directory, dir =>
                {
                    var count = 0;
                    foreach (var (name, type, _) in DirectoryReader.ReadAll(dir, directory))
                    {
                        if (name.StartsWith(TempPrefix, StringComparison.Ordinal) && _names.IsOurs(name))
                        {
                            count += Libc.UnlinkAt(dir, name, 0) == 0 ? 1 : 0;
                        }
                        else if (type == DirectoryReader.TypeDirectory
                            || (type == DirectoryReader.TypeUnknown && StatInfo.TryGet(dir, name, out var s, out _) && s.IsDirectory))
                        {
                            pending.Push(directory.Length == 0 ? name : directory + "/" + name);
                        }
                    }

                    return count;
                });
            }
            catch (IOException)
            {
                // Gone or replaced meanwhile; nothing of ours to clean there.
            }
        }

        return Task.FromResult(removed);
    }

    /// <summary>Removes a file, link or whole directory named <paramref name="name"/> in <paramref name="dir"/>, never following links.</summary>
    private static void RemoveEntry(SafeFileHandle dir, string name, string displayPath)
    {
        if (Libc.UnlinkAt(dir, name, 0) == 0)
        {
            return;
        }

        var errno = Libc.LastError;
        if (errno == Libc.ENOENT)
        {
            return;
        }

        if (errno is not (Libc.EISDIR or 1 /* EPERM: Linux returns it for unlink of a directory */))
        {
            throw Libc.Error("delete", displayPath, errno);
        }

        if (Libc.UnlinkAt(dir, name, Libc.AtRemoveDir) == 0)
        {
            return;
        }

        errno = Libc.LastError;
        if (errno is not (Libc.ENOTEMPTY or Libc.EEXIST))
        {
            throw Libc.Error("delete directory", displayPath, errno);
        }

        using (var child = Libc.OpenAt(dir, name, Libc.ORdOnly | Libc.ODirectory | Libc.ONoFollow, 0, out errno))
        {
            if (child.IsInvalid)
            {
                throw Libc.Error("open directory", displayPath, errno);
            }

            foreach (var (childName, _, _) in DirectoryReader.ReadAll(child, displayPath))
            {
                RemoveEntry(child, childName, displayPath + "/" + childName);
            }
        }

        if (Libc.UnlinkAt(dir, name, Libc.AtRemoveDir) != 0)
        {
            throw Libc.Error("delete directory", displayPath, Libc.LastError);
        }
    }
}
