using System.Collections.Concurrent;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// Walks the source tree from its root descriptor, never following a symbolic link (links are recorded as links),
/// applying the patterns, and — when the engine acts for an owner — checking the owner's access by mode bits: a
/// directory needs read and search, a file needs read. What the owner may not read is reported and remembered, so
/// the plan neither copies nor deletes it. Directories are scanned by several workers at once (a re-sync of an
/// unchanged tree is nothing but this scan); each keeps its own table; every directory's names are sorted as it is read, so walking the directories depth-first at the end yields tree order without sorting the whole table. Names stay UTF-8 bytes throughout (no string per entry unless patterns need one).
/// </summary>
internal sealed partial class SourceScanner(DirectoryHandles source, PathFilter filter, OwnerAccess access, int workers)
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

        var top = new DirectoryNode(string.Empty, !filter.HasIncludes);
        var pending = new ConcurrentStack<DirectoryNode>();
        pending.Push(top);
        var busy = 0;
        var tables = new EntryTable[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, worker =>
        {
            var table = tables[worker] = new EntryTable(4096, 1 << 18);
            var scratch = new Scratch();
            var idle = new SpinWait();
            while (true)
            {
                Interlocked.Increment(ref busy);
                if (pending.TryPop(out var directory))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    ScanDirectory(directory, table, pending, scratch);
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

        // Each directory's entries are sorted by name, so a depth-first walk over them is already tree order: no sort of the whole table.
        var all = new EntryTable(tables.Sum(t => t.Count) + 1, Math.Max(1 << 16, tables.Sum(t => t.ArenaUsed)));
        var index = all.Add(string.Empty, SyncEntryKind.Directory, 0, root.Mtime, root.Permissions);
        all[index].Included = true;
        var walk = new Stack<(DirectoryNode Node, int Next)>();
        walk.Push((top, 0));
        while (walk.TryPop(out var at))
        {
            if (at.Node.Table is not { } table || at.Next >= at.Node.Count)
            {
                continue;
            }

            walk.Push((at.Node, at.Next + 1));
            all.AddFrom(table, at.Node.Start + at.Next);
            if (at.Node.Children[at.Next] is { } child)
            {
                walk.Push((child, 0));
            }
        }

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

    private unsafe void ScanDirectory(DirectoryNode node, EntryTable table, ConcurrentStack<DirectoryNode> pending, Scratch scratch)
    {
        var directory = node.Path;
        var start = table.Count;
        try
        {
            source.Use(directory, dir =>
            {
                DirectoryReader.ReadRaw(dir, directory, ref scratch.Names, scratch.Starts);

                // The path as UTF-8: "<directory>/" once, then each name after it; strings only where patterns or errors need one.
                var prefixLength = directory.Length == 0 ? 0 : System.Text.Encoding.UTF8.GetByteCount(directory) + 1;
                var longest = 0;
                for (var k = 0; k < scratch.Starts.Count; k++)
                {
                    longest = Math.Max(longest, scratch.Names.AsSpan(scratch.Starts[k]).IndexOf((byte)0));
                }

                if (scratch.Path.Length < prefixLength + longest)
                {
                    scratch.Path = new byte[Math.Max(scratch.Path.Length * 2, prefixLength + longest)];
                }

                if (prefixLength > 0)
                {
                    System.Text.Encoding.UTF8.GetBytes(directory, scratch.Path);
                    scratch.Path[prefixLength - 1] = (byte)'/';
                }

                fixed (byte* names = scratch.Names)
                {
                    foreach (var nameStart in scratch.Starts)
                    {
                        var name = new ReadOnlySpan<byte>(names + nameStart, scratch.Names.Length - nameStart);
                        name = name[..name.IndexOf((byte)0)];
                        name.CopyTo(scratch.Path.AsSpan(prefixLength));
                        var pathBytes = new ReadOnlySpan<byte>(scratch.Path, 0, prefixLength + name.Length);
                        if (!System.Text.Unicode.Utf8.IsValid(name))
                        {
                            Fail(System.Text.Encoding.UTF8.GetString(pathBytes), "the name is not valid UTF-8; only UTF-8 names are copied");
                            continue;
                        }

                        ScanEntry(dir, names + nameStart, name, pathBytes, node.Included, table);
                    }
                }

                return 0;
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(directory, e.Message);
        }

        // Sorted by name, and each subdirectory queued with its place among them, so the merge needs no global sort.
        node.Table = table;
        node.Start = start;
        node.Count = table.Count - start;
        table.SortRange(start, node.Count);
        node.Children = new DirectoryNode?[node.Count];
        for (var k = 0; k < node.Count; k++)
        {
            ref var e = ref table[start + k];
            if (e.Kind == SyncEntryKind.Directory)
            {
                var child = new DirectoryNode(table.Path(start + k), e.Included);
                node.Children[k] = child;
                pending.Push(child);
            }
        }
    }

    private unsafe void ScanEntry(Microsoft.Win32.SafeHandles.SafeFileHandle dir, byte* nameZ, ReadOnlySpan<byte> name, ReadOnlySpan<byte> pathBytes, bool includedByAncestor, EntryTable table)
    {
        if (!StatInfo.TryGet(dir, nameZ, out var s, out var errno))
        {
            if (errno != Libc.ENOENT)
            {
                var failed = System.Text.Encoding.UTF8.GetString(pathBytes);
                Fail(failed, Libc.Error("stat", failed, errno).Message);
            }

            return; // vanished since the listing: as if it had never been there
        }

        string? path = null;
        var included = true;
        if (!filter.IsEmpty)
        {
            path = System.Text.Encoding.UTF8.GetString(pathBytes);
            if (filter.IsExcluded(path, s.IsDirectory))
            {
                return;
            }

            included = includedByAncestor || filter.IsIncludedDirectly(path, s.IsDirectory);
        }

        if (s.IsDirectory)
        {
            if (!access.CanRead(s) || !access.CanSearch(s))
            {
                Fail(path ?? System.Text.Encoding.UTF8.GetString(pathBytes), access.Denied(s, "list this directory"));
                return;
            }

            var record = new EntryTable.Entry { Kind = SyncEntryKind.Directory, Mtime = s.Mtime, Mode = s.Permissions, Included = included };
            table.AddRaw(pathBytes, [], record);
        }
        else if (s.IsFile || s.IsSymlink)
        {
            if (!included)
            {
                return;
            }

            if (s.IsFile && !access.CanRead(s))
            {
                Fail(path ?? System.Text.Encoding.UTF8.GetString(pathBytes), access.Denied(s, "read this file"));
                return;
            }

            ReadOnlySpan<byte> link = [];
            if (s.IsSymlink)
            {
                path ??= System.Text.Encoding.UTF8.GetString(pathBytes);
                try
                {
                    link = System.Text.Encoding.UTF8.GetBytes(DirectoryReader.ReadLink(dir, System.Text.Encoding.UTF8.GetString(name), path));
                }
                catch (IOException e)
                {
                    Fail(path, e.Message);
                    return;
                }
            }

            var record = new EntryTable.Entry
            {
                Kind = s.IsFile ? SyncEntryKind.File : SyncEntryKind.Symlink,
                Size = s.Size,
                Mtime = s.Mtime,
                Mode = s.Permissions,
                Included = true,
            };
            table.AddRaw(pathBytes, link, record);
        }
        else if (included)
        {
            Interlocked.Increment(ref _specialFilesSkipped); // devices, FIFOs and sockets are never copied
        }
    }

    private void Fail(string path, string reason)
    {
        _failures.Enqueue(new SyncFailure(path, reason));
        _unreadable.Enqueue(path);
    }
}
