using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace OrleansHa.Sync.Native;

/// <summary>
/// Open descriptors of directories under one root, each opened from its parent with O_NOFOLLOW, so a path resolved
/// here can never leave the root through a symbolic link, however the tree changes meanwhile. Callers use a
/// descriptor only inside <see cref="Use{T}"/>, which lets the cache close descriptors safely when it grows too big.
/// </summary>
internal sealed class DirectoryHandles(SafeFileHandle root, string rootDisplay, int capacity = 2048) : IDisposable
{
    private readonly ConcurrentDictionary<string, SafeFileHandle> _open = new(StringComparer.Ordinal);
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    public SafeFileHandle Root => root;

    public string RootDisplay => rootDisplay;

    /// <summary>Runs <paramref name="operation"/> with the descriptor of directory <paramref name="relativeDirectory"/> ("" is the root).</summary>
    public T Use<T>(string relativeDirectory, Func<SafeFileHandle, T> operation)
    {
        if (_open.Count > capacity)
        {
            Trim();
        }

        _lock.EnterReadLock();
        try
        {
            return operation(Get(relativeDirectory));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Forgets a directory (and everything below it), e.g. after it was deleted or replaced.</summary>
    public void Forget(string relativeDirectory)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var key in _open.Keys)
            {
                if (key == relativeDirectory || key.StartsWith(relativeDirectory + "/", StringComparison.Ordinal))
                {
                    if (_open.TryRemove(key, out var handle))
                    {
                        handle.Dispose();
                    }
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Dispose()
    {
        foreach (var handle in _open.Values)
        {
            handle.Dispose();
        }

        _open.Clear();
        root.Dispose();
        _lock.Dispose();
    }

    /// <summary>Opens an absolute, already resolved directory path one name at a time from "/", never following a link.</summary>
    public static SafeFileHandle OpenRoot(string absolutePath)
    {
        var current = Libc.OpenAbsolute("/", Libc.ORdOnly | Libc.ODirectory, out var errno);
        if (current.IsInvalid)
        {
            throw Libc.Error("open", "/", errno);
        }

        foreach (var name in absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Libc.OpenAt(current, name, Libc.ORdOnly | Libc.ODirectory | Libc.ONoFollow, 0, out errno);
            current.Dispose();
            if (next.IsInvalid)
            {
                throw errno is Libc.ELOOP or Libc.ENOTDIR
                    ? new IOException($"'{absolutePath}' changed while it was opened: '{name}' is now a symbolic link or not a directory.")
                    : Libc.Error("open", absolutePath, errno);
            }

            current = next;
        }

        return current;
    }

    private SafeFileHandle Get(string relativeDirectory)
    {
        if (relativeDirectory.Length == 0)
        {
            return root;
        }

        if (_open.TryGetValue(relativeDirectory, out var cached))
        {
            return cached;
        }

        var slash = relativeDirectory.LastIndexOf('/');
        var parent = slash < 0 ? root : Get(relativeDirectory[..slash]);
        var name = slash < 0 ? relativeDirectory : relativeDirectory[(slash + 1)..];
        var handle = Libc.OpenAt(parent, name, Libc.ORdOnly | Libc.ODirectory | Libc.ONoFollow, 0, out var errno);
        if (handle.IsInvalid)
        {
            throw errno is Libc.ELOOP or Libc.ENOTDIR
                ? new IOException($"'{relativeDirectory}' under '{rootDisplay}' is a symbolic link or not a directory; it is not followed.", errno)
                : Libc.Error("open directory", relativeDirectory, errno);
        }

        if (!_open.TryAdd(relativeDirectory, handle))
        {
            handle.Dispose();
            return _open[relativeDirectory];
        }

        return handle;
    }

    private void Trim()
    {
        _lock.EnterWriteLock();
        try
        {
            if (_open.Count <= capacity)
            {
                return;
            }

            foreach (var handle in _open.Values)
            {
                handle.Dispose();
            }

            _open.Clear();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
