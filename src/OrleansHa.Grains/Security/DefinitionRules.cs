namespace OrleansHa.Grains.Security;

/// <summary>Checks shared by the definitions: names, paths, priorities.</summary>
public static class DefinitionRules
{
    /// <summary>The highest priority any user may be given.</summary>
    public const int HighestPriority = 9;

    /// <summary>What a name may look like, for error messages.</summary>
    public const string NameAllowed = "1..64 characters: letters, digits, '.', '_' and '-', not starting with '.'";

    /// <summary>Throws unless <paramref name="value"/> is a valid name.</summary>
    public static void RequireName(string field, string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64 || value[0] == '.'
            || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new InvalidDefinitionException(field, $"'{value}' is not a valid name", NameAllowed);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is an absolute path; returns it normalized (no trailing separator, no '.' or '..').</summary>
    public static string RequireAbsolutePath(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !Path.IsPathFullyQualified(value) || value.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidDefinitionException(field, $"'{value}' is not an absolute path", "an absolute path such as /data/alice");
        }

        var full = Path.GetFullPath(value);
        return full.Length > 1 ? Path.TrimEndingDirectorySeparator(full) : full;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies beneath it (both normalized).</summary>
    public static bool IsInside(string path, string root)
    {
        if (root == "/")
        {
            return path.StartsWith('/');
        }

        return path.Equals(root, StringComparison.Ordinal)
            || (path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] == '/');
    }

    /// <summary>Throws unless <paramref name="path"/> (normalized) lies inside one of <paramref name="roots"/>.</summary>
    public static void RequireInsideRoots(string field, string path, string owner, IReadOnlyList<string> roots)
    {
        if (!roots.Any(r => IsInside(path, r)))
        {
            throw new InvalidDefinitionException(field, $"'{path}' is outside {owner}'s roots", roots.Count == 0 ? $"{owner} has no roots" : "a path inside " + string.Join(", ", roots));
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a relative path that stays beneath its base (no '..', not absolute).</summary>
    public static string RequireRelativePath(string field, string? value)
    {
        var text = (value ?? string.Empty).Trim();
        if (text.Length == 0 || text == ".")
        {
            return ".";
        }

        var parts = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (text.StartsWith('/') || text.Contains('\0', StringComparison.Ordinal) || parts.Any(p => p == ".."))
        {
            throw new InvalidDefinitionException(field, $"'{value}' is not a relative path beneath the destination directory", "a relative path without '..', such as payroll (on a local destination it lies under the owner's own folder there)");
        }

        return string.Join('/', parts.Where(p => p != "."));
    }

    /// <summary>
    /// <paramref name="path"/> (absolute, normalized) with every symbolic link along it followed, as realpath(3) gives
    /// it; null when a component does not exist or the links loop.
    /// </summary>
    public static string? ResolveLinks(string path)
    {
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        for (var hops = 0; pending.Count > 0;)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++hops > 40)
                {
                    return null;
                }

                // The link's target replaces it: absolute from the top, relative from the link's folder.
                foreach (var piece in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(piece);
                }

                if (target.StartsWith('/'))
                {
                    current = "/";
                }

                continue;
            }

            if (!info.Exists && !Directory.Exists(next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }
}
