using System.Collections.Concurrent;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// Walks the source tree from its root descriptor, never following a symbolic link (links are recorded as links),
/// applying the patterns, and — when the engine acts for an owner — checking the owner's access by mode bits: a
/// directory needs read and search, a file needs read. What the owner may not read is reported and remembered, so
/// the plan neither copies nor deletes it. Directories are scanned by several workers at once (a re-sync of an
/// unchanged tree is nothing but this scan); each keeps its own table, merged and sorted at the end.
/// </summary>
internal sealed class SourceScanner(DirectoryHandles source, PathFilter filter, OwnerAccess access, int workers)
{
    private readonly ConcurrentQueue<SyncFailure> _failures = new();
    private readonly ConcurrentQueue<string> _unreadable = new();
    private long _specialFilesSkipped;

    public EntryTable Entries { get; private set; } = new();

    public IEnumerable<SyncFailure> Failures => _failures;

    /// <summary>Paths that exist but could not be read; whatever the manifest holds at or under them is kept.</summary>
    public IEnumerable<string> Unreadable => _unreadable;

    public long SpecialFilesSkipped => _specialFilesSkipped;

    public void Scan(CancellationToken cancellationToken)
    {
        var root = StatInfo.Get(source.Root, string.Empty, source.RootDisplay);
        if (!access.CanRead(root) || !access.CanSearch(root))
        {
            throw new SyncAccessDeniedException($"The source root '{source.RootDisplay}': {access.Denied(root, "list it")}");
        }

        var pending = new ConcurrentStack<(string Path, bool Included)>();
        pending.Push((string.Empty, !filter.HasIncludes));
        var busy = 0;
        var tables = new EntryTable[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, worker =>
        {
            var table = tables[worker] = new EntryTable(4096, 1 << 18);
            var idle = new SpinWait();
            while (true)
            {
                Interlocked.Increment(ref busy);
                if (pending.TryPop(out var directory))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    ScanDirectory(directory.Path, directory.Included, table, pending);
                    Interlocked.Decrement(ref busy);
                    idle.Reset();
                    continue;
                }

                // Done when nothing is queued and nobody is scanning (and so could queue more).
                if (Interlocked.Decrement(ref busy) == 0 && pending.IsEmpty)
                {
                    return;
                }

                idle.SpinOnce();
            }
        });

        var all = new EntryTable(tables.Sum(t => t.Count) + 1, 1 << 20);
        var index = all.Add(string.Empty, SyncEntryKind.Directory, 0, root.MtimeNanoseconds, root.Permissions);
        all[index].Included = true;
        foreach (var table in tables)
        {
            all.AddAll(table);
        }

        all.Sort();
        if (filter.HasIncludes)
        {
            DropDirectoriesWithNothingIncluded(all);
        }

        Entries = all;
    }

    /// <summary>With include patterns, a directory stays only if it was selected itself or holds something selected.</summary>
    private static void DropDirectoriesWithNothingIncluded(EntryTable table)
    {
        // Tree order: everything under a directory follows it directly, so walking backwards sees contents first.
        var needed = new Stack<int>();
        for (var i = table.Count - 1; i >= 0; i--)
        {
            ref var e = ref table[i];
            var path = table.PathBytes(i);
            var holdsIncluded = false;
            while (needed.Count > 0 && EntryTable.IsUnder(table.PathBytes(needed.Peek()), path) && table.PathBytes(needed.Peek()).Length > path.Length)
            {
                needed.Pop();
                holdsIncluded = true;
            }

            if (e.Kind == SyncEntryKind.Directory && !e.Included && !holdsIncluded)
            {
                e.Kind = 0;
                continue;
            }

            needed.Push(i);
        }

        table.Compact();
    }

    private void ScanDirectory(string directory, bool includedByAncestor, EntryTable table, ConcurrentStack<(string, bool)> pending)
    {
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

                        table[table.Add(path, SyncEntryKind.Directory, 0, s.MtimeNanoseconds, s.Permissions)].Included = included;
                        pending.Push((path, included));
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

                        table[table.Add(path, s.IsFile ? SyncEntryKind.File : SyncEntryKind.Symlink, s.Size, s.MtimeNanoseconds, s.Permissions, link)].Included = true;
                    }
                    else if (included)
                    {
                        Interlocked.Increment(ref _specialFilesSkipped); // devices, FIFOs and sockets are never copied
                    }
                }

                return 0;
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(directory, e.Message);
        }
    }

    private void Fail(string path, string reason)
    {
        _failures.Enqueue(new SyncFailure(path, reason));
        _unreadable.Enqueue(path);
    }
}
