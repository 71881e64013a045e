using System.Text;
using System.Text.RegularExpressions;

namespace OrleansHa.Sync;

/// <summary>
/// The include/exclude patterns of a file set, compiled. Patterns only ever select among names found on disk; they
/// never build a path, so they cannot reach outside the source root — but a pattern naming "." or ".." is refused
/// anyway, because it can only be a mistake or an attempt.
/// </summary>
internal sealed class PathFilter
{
    private readonly List<Pattern> _include;
    private readonly List<Pattern> _exclude;

    public PathFilter(IReadOnlyList<string>? include, IReadOnlyList<string>? exclude)
    {
        _include = (include ?? []).Select(p => Compile(p, "include")).ToList();
        _exclude = (exclude ?? []).Select(p => Compile(p, "exclude")).ToList();
    }

    public bool HasIncludes => _include.Count > 0;

    /// <summary>True when there is no pattern at all: everything is selected (the scan then builds no path strings).</summary>
    public bool IsEmpty => _include.Count == 0 && _exclude.Count == 0;

    public bool IsExcluded(string path, bool isDirectory)
    {
        foreach (var pattern in _exclude)
        {
            if (pattern.Matches(path, isDirectory))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when an include pattern matches the path itself (the caller checks ancestors as it walks).</summary>
    public bool IsIncludedDirectly(string path, bool isDirectory) => _include.Count == 0 || _include.Exists(p => p.Matches(path, isDirectory));

    /// <summary>For a target listing: excluded itself or below an excluded directory.</summary>
    public bool IsExcludedWithAncestors(string path, bool isDirectory)
    {
        if (IsExcluded(path, isDirectory))
        {
            return true;
        }

        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (IsExcluded(path[..slash], isDirectory: true))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For a target listing: included itself or below an included directory (ancestor directories of included entries are handled by the caller).</summary>
    public bool IsIncludedWithAncestors(string path, bool isDirectory)
    {
        if (IsIncludedDirectly(path, isDirectory))
        {
            return true;
        }

        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (IsIncludedDirectly(path[..slash], isDirectory: true))
            {
                return true;
            }
        }

        return false;
    }

    private static Pattern Compile(string pattern, string kind)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new ArgumentException($"An empty {kind} pattern was given; patterns are globs such as '*.txt', 'docs/**' or '/top-level-dir'.");
        }

        if (pattern.Contains('\0', StringComparison.Ordinal) || pattern.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {kind} pattern '{pattern}' contains a NUL or a backslash; patterns are '/'-separated globs with *, ** and ?.");
        }

        var anchored = pattern.StartsWith('/');
        var directoryOnly = pattern.EndsWith('/');
        var body = pattern.Trim('/');
        var segments = body.Split('/');
        if (segments.Any(s => s is "." or ".." || s.Length == 0))
        {
            throw new ArgumentException(
                $"The {kind} pattern '{pattern}' has an empty, '.' or '..' name; patterns select names under the source root and cannot climb out of it.");
        }

        anchored |= segments.Length > 1;
        var regex = new StringBuilder(anchored ? "^" : "^(?:.*/)?");
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '*' && i + 1 < body.Length && body[i + 1] == '*')
            {
                var slashFollows = i + 2 < body.Length && body[i + 2] == '/';
                regex.Append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        regex.Append('$');
        return new Pattern(new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled), directoryOnly);
    }

    private sealed record Pattern(Regex Regex, bool DirectoryOnly)
    {
        public bool Matches(string path, bool isDirectory) => (isDirectory || !DirectoryOnly) && Regex.IsMatch(path);
    }
}
