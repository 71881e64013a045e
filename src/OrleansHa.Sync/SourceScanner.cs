using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// Walks the source tree from its root descriptor, never following a symbolic link (links are recorded as links),
/// applying the patterns, and — when the engine acts for an owner — checking the owner's access by mode bits: a
/// directory needs read and search, a file needs read. What the owner may not read is reported and remembered, so
/// the plan neither copies nor deletes it.
/// </summary>
internal sealed class SourceScanner(DirectoryHandles source, PathFilter filter, OwnerAccess access)
{
    public EntryTable Entries { get; } = new(4096, 1 << 20);

    public List<SyncFailure> Failures { get; } = [];

    /// <summary>Paths that exist but could not be read; whatever the manifest holds at or under them is kept.</summary>
    public List<string> Unreadable { get; } = [];

    public long SpecialFilesSkipped { get; private set; }

    public void Scan(CancellationToken cancellationToken)
    {
        var root = StatInfo.Get(source.Root, string.Empty, source.RootDisplay);
        if (!access.CanRead(root) || !access.CanSearch(root))
        {
            throw new SyncAccessDeniedException($"The source root '{source.RootDisplay}': {access.Denied(root, "list it")}");
        }

        Entries.Add(string.Empty, SyncEntryKind.Directory, 0, root.MtimeNanoseconds, root.Permissions);
        ScanDirectory(string.Empty, includedByAncestor: !filter.HasIncludes, cancellationToken);
        Entries.Compact();
        Entries.Sort();
    }

    /// <summary>Scans one directory; returns whether anything under it was included.</summary>
    private bool ScanDirectory(string directory, bool includedByAncestor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<(string Path, StatInfo Stat, bool Included)> subdirectories = [];
        var anyIncluded = false;
        try
        {
            source.Use(directory, dir =>
            {
                foreach (var (name, _, valid) in DirectoryReader.ReadAll(dir, directory))
                {
                    var path = directory.Length == 0 ? name : directory + "/" + name;
                    if (!valid)
                    {
                        Fail(path, "the name is not valid UTF-8; only UTF-8 names are copied");
                        continue;
                    }

                    if (!StatInfo.TryGet(dir, name, out var s, out var errno))
                    {
                        if (errno != Libc.ENOENT)
                        {
                            Fail(path, Libc.Error("stat", path, errno).Message);
                        }

                        continue; // vanished since the listing: as if it had never been there
                    }

                    if (filter.IsExcluded(path, s.IsDirectory))
                    {
                        continue;
                    }

                    var included = includedByAncestor || filter.IsIncludedDirectly(path, s.IsDirectory);
                    if (s.IsDirectory)
                    {
                        if (!access.CanRead(s) || !access.CanSearch(s))
                        {
                            Fail(path, access.Denied(s, "list this directory"));
                            continue;
                        }

                        subdirectories.Add((path, s, included));
                    }
                    else if (s.IsFile || s.IsSymlink)
                    {
                        if (!included)
                        {
                            continue;
                        }

                        if (s.IsFile && !access.CanRead(s))
                        {
                            Fail(path, access.Denied(s, "read this file"));
                            continue;
                        }

                        string? link = null;
                        if (s.IsSymlink)
                        {
                            try
                            {
                                link = DirectoryReader.ReadLink(dir, name, path);
                            }
                            catch (IOException e)
                            {
                                Fail(path, e.Message);
                                continue;
                            }
                        }

                        Entries.Add(path, s.IsFile ? SyncEntryKind.File : SyncEntryKind.Symlink, s.Size, s.MtimeNanoseconds, s.Permissions, link);
                        anyIncluded = true;
                    }
                    else if (included)
                    {
                        SpecialFilesSkipped++; // devices, FIFOs and sockets are never copied
                    }
                }

                return 0;
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(directory, e.Message);
            return false;
        }

        foreach (var (path, s, included) in subdirectories)
        {
            // Add the directory first; drop it again if include patterns select nothing in it.
            var index = Entries.Add(path, SyncEntryKind.Directory, 0, s.MtimeNanoseconds, s.Permissions);
            var below = ScanDirectory(path, included, cancellationToken);
            if (included || below)
            {
                anyIncluded = true;
            }
            else
            {
                Entries[index].Kind = 0; // removed by the sort-and-compact in the caller
            }
        }

        return anyIncluded;
    }

    private void Fail(string path, string reason)
    {
        Failures.Add(new SyncFailure(path, reason));
        Unreadable.Add(path);
    }
}
