using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// Who owns what a run creates, and what a run may change of what it did not create. A directory this target creates
/// (the root, the parents it needs, a directory of the tree) is created for the owner: their uid/gid when the process
/// runs as root. A directory that existed before the run keeps its owner whatever the run does, and its mode and time
/// change only where the owner could change them (the owner owns it); so a run that was refused leaves nothing behind
/// that would let a later run in.
/// </summary>
public sealed partial class LocalDirectoryTarget
{
    private const uint NewDirectoryMode = 0b111_111_111; // less the umask, as mkdir -p does

    /// <summary>Directories this target created (relative paths; "" is the root): only these take an owner from metadata.</summary>
    private readonly ConcurrentDictionary<string, byte> _created = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates the directory <paramref name="path"/> for <paramref name="owner"/> if it is missing; its parent must exist
    /// and is not checked against the owner's access: this is for an area the system gives a user (their prefix on a
    /// destination), which the owner could not create themselves. An existing directory is left exactly as it is (its
    /// owner is never changed); a symbolic link or anything else at <paramref name="path"/> is refused.
    /// </summary>
    /// <returns>True if it was created.</returns>
    public static bool CreateArea(string path, AccessScope owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
        {
            throw new ArgumentException($"The area '{path}' is not an absolute path; give an absolute directory.", nameof(path));
        }

        var trimmed = Path.TrimEndingDirectorySeparator(path);
        var parent = Path.GetDirectoryName(trimmed) ?? "/";
        var name = Path.GetFileName(trimmed);
        var resolvedParent = Libc.RealPath(parent, out var errno) ?? throw Libc.Error("resolve", parent, errno);
        using var dir = DirectoryHandles.OpenRoot(resolvedParent);
        if (Libc.MkdirAt(dir, name, NewDirectoryMode) != 0)
        {
            errno = Libc.LastError;
            if (errno != Libc.EEXIST)
            {
                throw Libc.Error("create directory", path, errno);
            }

            var existing = StatInfo.Get(dir, name, path);
            return existing.IsDirectory
                ? false
                : throw new IOException($"'{path}' exists and is {(existing.IsSymlink ? "a symbolic link" : "not a directory")}; it must be a directory (remove it, or ask the administrator to).");
        }

        GiveToOwner(dir, name, path, Libc.GetEuid() == 0 ? owner.Uid : null, owner.Gid);
        return true;
    }

    /// <summary>
    /// Creates the missing directories from the deepest existing ancestor of <paramref name="root"/> down to it, one
    /// name at a time and never through a link, each where the owner may write and each for the owner.
    /// </summary>
    private void CreateRoot(string root)
    {
        var missing = new Stack<string>();
        var existing = Path.TrimEndingDirectorySeparator(root);
        while (!Directory.Exists(existing))
        {
            missing.Push(Path.GetFileName(existing));
            existing = Path.GetDirectoryName(existing) ?? "/";
        }

        var resolved = _access.ResolveInside(existing, "target root's parent");
        var dir = DirectoryHandles.OpenRoot(resolved);
        var createdRoot = false;
        try
        {
            var display = existing;
            while (missing.Count > 0)
            {
                var name = missing.Pop();
                display = Path.Combine(display, name);
                var s = StatInfo.Get(dir, string.Empty, display);
                if (_access.Enforced && (!_access.CanWrite(s) || !_access.CanSearch(s)))
                {
                    throw new SyncAccessDeniedException($"The target root '{root}' cannot be created in '{Path.GetDirectoryName(display)}': {_access.Denied(s, "write in it")}.");
                }

                createdRoot = Libc.MkdirAt(dir, name, NewDirectoryMode) == 0;
                if (createdRoot)
                {
                    GiveToOwner(dir, name, display, _access.Privileged ? _scope.Uid : null, _scope.Gid);
                }
                else if (Libc.LastError != Libc.EEXIST)
                {
                    throw Libc.Error("create directory", display, Libc.LastError);
                }

                var next = Libc.OpenAt(dir, name, Libc.ORdOnly | Libc.ODirectory | Libc.ONoFollow, 0, out var errno);
                dir.Dispose();
                dir = next.IsInvalid ? throw Libc.Error("open directory", display, errno) : next;
            }
        }
        finally
        {
            dir.Dispose();
        }

        if (createdRoot)
        {
            _created.TryAdd(string.Empty, 0);
        }
    }

    /// <summary>Sets a directory just created to the owner's uid/gid (when there is one to set).</summary>
    private static void GiveToOwner(SafeFileHandle dir, string name, string display, int? uid, int? gid)
    {
        if (uid is not int u)
        {
            return;
        }

        using var created = Libc.OpenAt(dir, name, Libc.ORdOnly | Libc.ODirectory | Libc.ONoFollow, 0, out var errno);
        if (created.IsInvalid || Libc.FChown(created, (uint)u, (uint)(gid ?? -1)) != 0)
        {
            throw Libc.Error("set owner", display, created.IsInvalid ? errno : Libc.LastError);
        }
    }

    /// <summary>
    /// Refuses to change the mode or time of a directory that existed before the run unless the owner could (they
    /// own it), as the kernel refuses chmod to anyone but the owner.
    /// </summary>
    private void EnsureMayChange(SafeFileHandle dir, string displayPath)
    {
        if (!_access.Enforced)
        {
            return;
        }

        var s = StatInfo.Get(dir, string.Empty, displayPath);
        if (s.Uid != _access.Uid && _access.Uid != 0)
        {
            throw new SyncAccessDeniedException($"'{(displayPath.Length == 0 ? "." : displayPath)}' at the target: {_access.Denied(s, "change its mode or time, not being its owner")}; it was left as it is.");
        }
    }
}
