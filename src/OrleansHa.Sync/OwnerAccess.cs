using System.Globalization;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// Confinement to the owner's roots, and — when the process runs as someone other than the owner (typically root) —
/// the owner's access by mode bits: owner bits if the owner owns the entry, else group bits if one of the owner's
/// groups owns it, else the other bits (the classic Unix check; ACLs are not consulted, so they can only deny more).
/// </summary>
internal sealed class OwnerAccess
{
    private readonly int _uid;
    private readonly HashSet<int> _gids = [];
    private readonly List<string> _roots = [];

    public OwnerAccess(AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Roots is null || scope.Roots.Count == 0)
        {
            throw new ArgumentException("The access scope names no roots; give at least one absolute directory the owner may use.", nameof(scope));
        }

        foreach (var root in scope.Roots)
        {
            if (string.IsNullOrWhiteSpace(root) || !root.StartsWith('/'))
            {
                throw new ArgumentException($"Access root '{root}' is not an absolute path; roots must be absolute directories.", nameof(scope));
            }

            // A root that does not exist yet cannot contain anything; keep its normalized form so it can still match later.
            var resolved = Libc.RealPath(root, out _) ?? Path.GetFullPath(root);
            _roots.Add(resolved.Length > 1 ? resolved.TrimEnd('/') : resolved);
        }

        Enforced = scope.Uid is int uid && uid != (int)Libc.GetEuid();
        _uid = scope.Uid ?? -1;
        if (scope.Gid is int gid)
        {
            _gids.Add(gid);
        }

        foreach (var g in scope.SupplementaryGids ?? [])
        {
            _gids.Add(g);
        }

        Privileged = Libc.GetEuid() == 0;
    }

    /// <summary>True when the engine must check mode bits itself (the kernel checks the process, not the owner).</summary>
    public bool Enforced { get; }

    /// <summary>True when the process runs as root, so it can set owners.</summary>
    public bool Privileged { get; }

    public int Uid => _uid;

    public int? PrimaryGid => _gids.Count > 0 ? _gids.First() : null;

    /// <summary>Resolves <paramref name="path"/> (all links) and checks it lies inside a root; returns the resolved path.</summary>
    public string ResolveInside(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
        {
            throw new ArgumentException($"The {what} '{path}' is not an absolute path; give an absolute directory inside the owner's roots.");
        }

        var resolved = Libc.RealPath(path, out var errno)
            ?? throw new DirectoryNotFoundException($"The {what} '{path}' cannot be resolved: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)}.");
        if (!IsInside(resolved))
        {
            throw new SyncAccessDeniedException(
                $"The {what} '{path}' resolves to '{resolved}', which is outside the owner's roots ({string.Join(", ", _roots)}).");
        }

        return resolved;
    }

    public bool IsInside(string resolvedPath)
        => _roots.Exists(r => r == "/" || resolvedPath == r || resolvedPath.StartsWith(r + "/", StringComparison.Ordinal));

    /// <summary>True when <paramref name="gid"/> is the owner's primary group or one of their others.</summary>
    public bool IsMember(int gid) => _gids.Contains(gid);

    public bool CanRead(in StatInfo s) => Allows(s, 4);

    public bool CanWrite(in StatInfo s) => Allows(s, 2);

    public bool CanSearch(in StatInfo s) => Allows(s, 1);

    public string Denied(in StatInfo s, string need)
        => string.Create(CultureInfo.InvariantCulture, $"permission denied: uid {_uid} may not {need} (mode {Convert.ToString(s.Permissions, 8).PadLeft(4, '0')}, owner {s.Uid}, group {s.Gid})");

    private bool Allows(in StatInfo s, int bit)
    {
        if (!Enforced || _uid == 0)
        {
            return true;
        }

        var shift = s.Uid == _uid ? 6 : _gids.Contains(s.Gid) ? 3 : 0;
        return ((s.Permissions >> shift) & bit) != 0;
    }
}
