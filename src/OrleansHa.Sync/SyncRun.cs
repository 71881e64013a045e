using System.Collections.Concurrent;
using System.Text;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// One run's state: the source scan (B), the previous state (A: the manifest, or the target's listing when there is
/// none), and what happened to each entry. Both tables are in tree order, so the plan is a merge join and the new
/// manifest another one; nothing is looked up by hash. See <c>SyncRun.Plan.cs</c> and <c>SyncRun.Apply.cs</c>.
/// </summary>
internal sealed partial class SyncRun(
    SyncRequest request,
    OwnerAccess access,
    DirectoryHandles sourceDirs,
    SourceScanner scan,
    EntryTable previous,
    bool previousFromManifest,
    PathFilter filter,
    ProgressCounter progress)
{
    private const byte Pending = 0;
    private const byte Unchanged = 1;
    private const byte Done = 2;
    private const byte Failed = 3;
    private const byte Keep = 0;
    private const byte Drop = 1;

    private readonly EntryTable _source = scan.Entries;
    private readonly EntryTable _old = previous;
    private readonly byte[] _state = new byte[scan.Entries.Count];
    private readonly byte[] _oldState = new byte[previous.Count];
    private readonly bool[] _touchDirectory = new bool[scan.Entries.Count];
    private readonly List<int> _deletes = [];
    private readonly List<int> _createDirectories = [];
    private readonly List<int> _copies = [];
    private readonly List<(int Source, int Old)> _verify = [];
    private readonly ConcurrentQueue<SyncFailure> _failures = new(scan.Failures);
    private readonly SyncOptions _options = request.FileSet.Options;
    private readonly HashSet<string> _unreadable = new(scan.Unreadable, StringComparer.Ordinal);
    private long _copied;
    private long _deleted;
    private long _skipped = scan.SpecialFilesSkipped;
    private long _directoriesCreated;
    private long _bytes;
    private long _resumed;

    public IReadOnlyCollection<SyncFailure> Failures => _failures;

    public long Copied => _copied;

    public long Deleted => _deleted;

    public long Skipped => _skipped;

    public long DirectoriesCreated => _directoriesCreated;

    public long Bytes => _bytes;

    /// <summary>Bytes of copied files that an interrupted earlier transfer had made durable at the target, not sent again.</summary>
    public long Resumed => _resumed;

    public long Scanned => Math.Max(0, _source.Count - 1);

    /// <summary>
    /// The new checkpoint: for each path, the source's entry if it landed (or was already there), else the previous
    /// entry if that is still what the target holds. Valid at any point of the run, so a cancelled run saves its progress.
    /// </summary>
    public EntryTable BuildManifest(out bool changed)
    {
        // A first pass only decides whether anything differs: a re-sync that changed nothing keeps the previous table
        // (what it would have written is what is already saved) instead of copying every entry into a new one.
        if (previousFromManifest && !_options.VerifyContent)
        {
            Merge(null, out changed);
            if (!changed)
            {
                return _old;
            }
        }

        var result = new EntryTable(_source.Count + 16, 1 << 16);
        Merge(result, out changed);
        return result;
    }

    private void Merge(EntryTable? result, out bool changed)
    {
        changed = !previousFromManifest || _options.VerifyContent;
        int i = 0, j = 0;
        while (i < _old.Count || j < _source.Count)
        {
            var order = i < _old.Count && j < _source.Count
                ? EntryTable.Compare(_old.PathBytes(i), _source.PathBytes(j))
                : i < _old.Count ? -1 : 1;
            if (order < 0)
            {
                if (_oldState[i] == Keep)
                {
                    result?.AddFrom(_old, i);
                }
                else
                {
                    changed = true;
                }

                i++;
            }
            else if (order > 0)
            {
                if (_state[j] is Unchanged or Done)
                {
                    result?.AddFrom(_source, j);
                    changed = true;
                }

                j++;
            }
            else
            {
                if (_state[j] is Unchanged or Done)
                {
                    ref var fresh = ref _source[j];
                    ref var old = ref _old[i];
                    if (result is not null && _state[j] == Unchanged && !fresh.HasHash && old.HasHash && old.Size == fresh.Size && old.Mtime == fresh.Mtime)
                    {
                        fresh.HashHigh = old.HashHigh;
                        fresh.HashLow = old.HashLow;
                        fresh.HasHash = true;
                    }

                    result?.AddFrom(_source, j);
                    changed |= _state[j] == Done;
                }
                else if (_oldState[i] == Keep)
                {
                    result?.AddFrom(_old, i);
                }
                else
                {
                    changed = true;
                }

                i++;
                j++;
            }
        }
    }

    private void Fail(string path, string reason) => _failures.Enqueue(new SyncFailure(path, reason));

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    private static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The mode a target keeps: files lose setuid, setgid and sticky; directories lose setuid.</summary>
    private static int Effective(SyncEntryKind kind, int mode)
        => kind == SyncEntryKind.Directory ? mode & 0b011_111_111_111 : kind == SyncEntryKind.File ? mode & 0b111_111_111 : 0;

    private bool IsUnreadable(string path)
    {
        if (_unreadable.Count == 0)
        {
            return false;
        }

        if (_unreadable.Contains(path))
        {
            return true;
        }

        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (_unreadable.Contains(path[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    private EntryMetadata MetadataFor(int index, in StatInfo stat)
        => new(Effective(_source[index].Kind, stat.Permissions), stat.Mtime, stat.Uid, stat.Gid, _options.PreserveMetadata);

    private StatInfo StatSource(string path)
        => sourceDirs.Use(ParentOf(path), dir => StatInfo.Get(dir, path.Length == 0 ? string.Empty : NameOf(path), path));

    private bool CanReadSource(in StatInfo s) => access.CanRead(s);
}
