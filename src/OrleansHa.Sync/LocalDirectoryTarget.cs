using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// A target directory on this machine. Its root must resolve (symbolic links included) inside the owner's roots;
/// below the root it never follows a symbolic link, whatever someone placed there: every directory is opened from
/// its parent with O_NOFOLLOW. Files are written under a temporary name in their directory (see
/// <see cref="TemporaryNames"/>: only names whose tag verifies are ours), fsynced when durable, then renamed into
/// place; directories that changed are fsynced at <see cref="FlushAsync"/>. When the process runs
/// as root on behalf of an owner, it writes only where the owner could by the mode bits, and sets owners on what it
/// creates: for a user, the user's (what they would get from <c>rsync -a</c> run themselves); for the administrator's
/// scope, the source's, as <c>rsync -a</c> does as root (see OwnerFor in LocalDirectoryTarget.Files.cs). The root and
/// its parents are always the owner's; a directory that existed before the run keeps its owner (see
/// LocalDirectoryTarget.Owners.cs).
/// </summary>
public sealed partial class LocalDirectoryTarget : ISyncTarget, IDisposable
{
    /// <summary>The prefix of temporary files; an entry with it is ours (never reported, removed as a leftover) only if its tag verifies.</summary>
    public const string TempPrefix = TemporaryNames.Prefix;

    private readonly OwnerAccess _access;
    private readonly AccessScope _scope;
    private readonly bool _durable;
    private readonly DirectoryHandles _dirs;
    private readonly TemporaryNames _names;
    private readonly ConcurrentDictionary<string, byte> _dirty = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens the target directory <paramref name="root"/>, creating it and its missing parents (inside the owner's roots,
    /// where the owner may write) for the owner if absent.
    /// </summary>
    /// <param name="root">An absolute directory path; resolved, it must lie inside <paramref name="access"/>'s roots.</param>
    /// <param name="access">The owner's identity and roots.</param>
    /// <param name="durable">fsync files and directories (default true).</param>
    /// <param name="temporaryNames">
    /// The service's key for temporary names (<see cref="TemporaryNames.LoadOrCreate"/>), so leftovers of an interrupted
    /// run of an earlier process are recognised; without it, a key of this process only.
    /// </param>
    public LocalDirectoryTarget(string root, AccessScope access, bool durable = true, TemporaryNames? temporaryNames = null)
    {
        ArgumentNullException.ThrowIfNull(access);
        _names = temporaryNames ?? TemporaryNames.ForProcess;
        _tempInstance = _names.NewInstance();
        _scope = access;
        _access = new OwnerAccess(access);
        _durable = durable;
        if (string.IsNullOrWhiteSpace(root) || !root.StartsWith('/'))
        {
            throw new ArgumentException($"The target root '{root}' is not an absolute path; give an absolute directory inside the owner's roots.", nameof(root));
        }

        if (!Directory.Exists(root))
        {
            CreateRoot(root);
        }

        ResolvedRoot = _access.ResolveInside(root, "target root");
        _dirs = new DirectoryHandles(DirectoryHandles.OpenRoot(ResolvedRoot), ResolvedRoot);
    }

    /// <summary>The root with symbolic links resolved.</summary>
    public string ResolvedRoot { get; }

    /// <inheritdoc />
    public Task CreateDirectoryAsync(string relativePath, CancellationToken cancellationToken)
    {
        var (parent, name) = Split(relativePath);
        if (name.Length == 0)
        {
            return Task.CompletedTask; // the root exists
        }

        _dirs.Use(parent, dir =>
        {
            EnsureWritable(dir, parent);
            var made = Libc.MkdirAt(dir, name, 0b111_000_000) == 0;
            if (!made)
            {
                var errno = Libc.LastError;
                if (errno != Libc.EEXIST)
                {
                    throw Libc.Error("create directory", relativePath, errno);
                }

                var existing = StatInfo.Get(dir, name, relativePath);
                if (!existing.IsDirectory)
                {
                    // Something the plan did not know of is in the way (a FIFO, socket or device, which are never
                    // listed, or a file or link put there since the last run): rsync replaces it, with --delete or
                    // without, and so do we. unlinkat never follows a link.
                    if (Libc.UnlinkAt(dir, name, 0) != 0 && Libc.LastError != Libc.ENOENT)
                    {
                        throw Libc.Error("replace what is in the way of directory", relativePath, Libc.LastError);
                    }

                    made = Libc.MkdirAt(dir, name, 0b111_000_000) == 0;
                    if (!made)
                    {
                        throw Libc.Error("create directory", relativePath, Libc.LastError);
                    }
                }
            }

            if (made)
            {
                // The owner's own until its metadata is applied, so the owner-access check lets us fill it.
                GiveToOwner(dir, name, relativePath, _access.Privileged ? _scope.Uid : null, _scope.Gid);
                _created.TryAdd(relativePath, 0);
            }

            _dirty.TryAdd(parent, 0);
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SetDirectoryMetadataAsync(string relativePath, EntryMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Validate(relativePath);
        _dirs.Use(relativePath, dir =>
        {
            // Only a directory this run created takes an owner, and never the root, which stays the owner's.
            var created = _created.ContainsKey(relativePath);
            if (!created)
            {
                EnsureMayChange(dir, relativePath);
            }

            ApplyMetadata(dir, metadata, isDirectory: true, relativePath, setOwner: created && relativePath.Length > 0);
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TargetEntry?>> StatAsync(IReadOnlyList<string> relativePaths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relativePaths);
        var result = new TargetEntry?[relativePaths.Count];
        for (var i = 0; i < relativePaths.Count; i++)
        {
            var path = relativePaths[i];
            var (parent, name) = Split(path);
            try
            {
                result[i] = _dirs.Use(parent, dir => Describe(dir, name, path));
            }
            catch (IOException)
            {
                result[i] = null; // its directory is missing or is not a directory: nothing usable there
            }
        }

        return Task.FromResult<IReadOnlyList<TargetEntry?>>(result);
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_durable)
        {
            foreach (var directory in _dirty.Keys)
            {
                _dirty.TryRemove(directory, out _);
                try
                {
                    _dirs.Use(directory, dir => Libc.FSync(dir) == 0 ? 0 : throw Libc.Error("fsync directory", directory, Libc.LastError));
                }
                catch (IOException)
                {
                    // Deleted since it was written to: nothing left to make durable.
                }
            }
        }
        else
        {
            _dirty.Clear();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _dirs.Dispose();

    /// <summary>Checks a relative path's shape: '/'-separated names, none empty, ".", ".." or containing NUL.</summary>
    internal static void Validate(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.Length == 0)
        {
            return;
        }

        foreach (var name in relativePath.Split('/'))
        {
            if (name.Length == 0 || name is "." or ".." || name.Contains('\0', StringComparison.Ordinal))
            {
                throw new SyncAccessDeniedException(
                    $"The target path '{relativePath}' is not allowed: it must be '/'-separated names below the target root, without empty, '.' or '..' names.");
            }
        }
    }

    private static (string Parent, string Name) Split(string relativePath)
    {
        Validate(relativePath);
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? (string.Empty, relativePath) : (relativePath[..slash], relativePath[(slash + 1)..]);
    }

    private void EnsureWritable(SafeFileHandle dir, string displayPath)
    {
        if (!_access.Enforced)
        {
            return;
        }

        var s = StatInfo.Get(dir, string.Empty, displayPath);
        if (!_access.CanWrite(s) || !_access.CanSearch(s))
        {
            throw new SyncAccessDeniedException($"'{(displayPath.Length == 0 ? "." : displayPath)}' at the target: {_access.Denied(s, "write in it")}");
        }
    }

    private TargetEntry? Describe(SafeFileHandle dir, string name, string path)
    {
        if (name.StartsWith(TempPrefix, StringComparison.Ordinal) && _names.IsOurs(name))
        {
            return null;
        }

        if (!StatInfo.TryGet(dir, name, out var s, out var errno))
        {
            return errno is Libc.ENOENT or Libc.ENOTDIR ? null : throw Libc.Error("stat", path, errno);
        }

        return s.Type switch
        {
            StatInfo.TypeFile => new TargetEntry(path, SyncEntryKind.File, s.Size, s.Mtime, s.Permissions),
            StatInfo.TypeDirectory => new TargetEntry(path, SyncEntryKind.Directory, 0, s.Mtime, s.Permissions),
            StatInfo.TypeSymlink => new TargetEntry(path, SyncEntryKind.Symlink, s.Size, s.Mtime, s.Permissions,
                DirectoryReader.ReadLink(dir, name, path)),
            _ => null,
        };
    }
}
