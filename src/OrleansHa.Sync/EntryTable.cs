using System.Runtime.InteropServices;
using System.Text;

namespace OrleansHa.Sync;

/// <summary>
/// A compact table of entries (the manifest in memory, and the result of a scan): fixed-size records in one array
/// and every path (and link text) as UTF-8 in one byte arena, so a million entries cost about 48 bytes each plus
/// their path bytes, with no per-entry objects for the garbage collector to trace. Entries are kept in tree order
/// (bytes compared with '/' lowest), in which a directory comes right before everything under it.
/// </summary>
internal sealed class EntryTable
{
    private byte[] _arena;
    private int _arenaUsed;
    private Entry[] _entries;

    public EntryTable(int capacity = 1024, int arenaCapacity = 64 * 1024)
    {
        _entries = new Entry[Math.Max(capacity, 16)];
        _arena = new byte[Math.Max(arenaCapacity, 1024)];
    }

    public int Count { get; private set; }

    /// <summary>Bytes of the arena in use (paths and link texts).</summary>
    public int ArenaUsed => _arenaUsed;

    /// <summary>Bytes held by the table's arrays (what its memory use comes to).</summary>
    public long AllocatedBytes => ((long)_entries.Length * Marshal.SizeOf<Entry>()) + _arena.Length;

    public ref Entry this[int index] => ref _entries[index];

    public int Add(string path, SyncEntryKind kind, long size, long mtimeNanoseconds, int mode, string? linkTarget = null)
        => Add(path, kind, size, FileTime.FromNanoseconds(mtimeNanoseconds), mode, linkTarget);

    public int Add(string path, SyncEntryKind kind, long size, FileTime mtime, int mode, string? linkTarget = null)
    {
        var nameLength = Encoding.UTF8.GetByteCount(path);
        var linkLength = linkTarget is null ? 0 : Encoding.UTF8.GetByteCount(linkTarget);
        var offset = Reserve(nameLength + linkLength);
        Encoding.UTF8.GetBytes(path, _arena.AsSpan(offset, nameLength));
        if (linkTarget is not null)
        {
            Encoding.UTF8.GetBytes(linkTarget, _arena.AsSpan(offset + nameLength, linkLength));
        }

        return AddRecord(new Entry
        {
            NameOffset = offset,
            NameLength = nameLength,
            LinkLength = linkLength,
            Kind = kind,
            Size = size,
            Mtime = mtime,
            Mode = mode,
        });
    }

    /// <summary>Adds an entry whose path and link text are given as UTF-8 (used by the manifest reader).</summary>
    public int AddRaw(ReadOnlySpan<byte> path, ReadOnlySpan<byte> link, Entry record)
    {
        var offset = Reserve(path.Length + link.Length);
        path.CopyTo(_arena.AsSpan(offset));
        link.CopyTo(_arena.AsSpan(offset + path.Length));
        record.NameOffset = offset;
        record.NameLength = path.Length;
        record.LinkLength = link.Length;
        return AddRecord(record);
    }

    /// <summary>Appends every entry of <paramref name="other"/>.</summary>
    public void AddAll(EntryTable other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            AddFrom(other, i);
        }
    }

    /// <summary>Copies entry <paramref name="index"/> of <paramref name="other"/> into this table.</summary>
    public int AddFrom(EntryTable other, int index)
    {
        ref var e = ref other._entries[index];
        return AddRaw(other.PathBytes(index), other.LinkBytes(index), e);
    }

    public ReadOnlySpan<byte> PathBytes(int index)
    {
        ref var e = ref _entries[index];
        return _arena.AsSpan(e.NameOffset, e.NameLength);
    }

    public ReadOnlySpan<byte> LinkBytes(int index)
    {
        ref var e = ref _entries[index];
        return _arena.AsSpan(e.NameOffset + e.NameLength, e.LinkLength);
    }

    public string Path(int index) => Encoding.UTF8.GetString(PathBytes(index));

    public string? LinkTarget(int index)
        => _entries[index].Kind == SyncEntryKind.Symlink ? Encoding.UTF8.GetString(LinkBytes(index)) : null;

    /// <summary>Drops entries whose kind was set to 0.</summary>
    public void Compact()
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            if (_entries[i].Kind != 0)
            {
                _entries[kept++] = _entries[i];
            }
        }

        Count = kept;
    }

    /// <summary>Sorts into tree order. Paths must be unique.</summary>
    public void Sort()
    {
        var arena = _arena;
        _entries.AsSpan(0, Count).Sort((a, b) => Compare(arena.AsSpan(a.NameOffset, a.NameLength), arena.AsSpan(b.NameOffset, b.NameLength)));
    }

    /// <summary>Sorts entries [<paramref name="start"/>, start + <paramref name="count"/>) into tree order (e.g. one directory's names).</summary>
    public void SortRange(int start, int count)
    {
        var arena = _arena;
        _entries.AsSpan(start, count).Sort((a, b) => Compare(arena.AsSpan(a.NameOffset, a.NameLength), arena.AsSpan(b.NameOffset, b.NameLength)));
    }

    /// <summary>The index of <paramref name="path"/> in a sorted table, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> path)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = Compare(PathBytes(middle), path);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    /// <summary>Tree order: byte order, except that '/' sorts below every other byte.</summary>
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        var x = a[common] == (byte)'/' ? 0 : a[common];
        var y = b[common] == (byte)'/' ? 0 : b[common];
        return x.CompareTo(y);
    }

    /// <summary>True when <paramref name="path"/> equals <paramref name="prefix"/> or lies under it.</summary>
    public static bool IsUnder(ReadOnlySpan<byte> path, ReadOnlySpan<byte> prefix)
        => prefix.Length == 0 || (path.StartsWith(prefix) && (path.Length == prefix.Length || path[prefix.Length] == (byte)'/'));

    private int AddRecord(in Entry record)
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[Count] = record;
        return Count++;
    }

    private int Reserve(int length)
    {
        if (_arenaUsed + length > _arena.Length)
        {
            var size = (long)_arena.Length;
            while (_arenaUsed + length > size)
            {
                size *= 2;
            }

            if (size > Array.MaxLength)
            {
                throw new InvalidOperationException("The manifest's paths exceed 2 GiB; split the file set.");
            }

            Array.Resize(ref _arena, (int)size);
        }

        var offset = _arenaUsed;
        _arenaUsed += length;
        return offset;
    }

    /// <summary>One entry. Hash is a SHA-256 prefix, valid when <see cref="HasHash"/> is set (verify mode).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Entry
    {
        public long Size;
        public long MtimeSeconds;
        public ulong HashHigh;
        public ulong HashLow;
        public int NameOffset;
        public int NameLength;
        public int LinkLength;
        public int Mode;
        public int MtimeNanos;
        public SyncEntryKind Kind;
        public bool HasHash;

        /// <summary>Modification time; the seconds and nanoseconds are kept apart so every time a file can carry fits.</summary>
        public FileTime Mtime
        {
            readonly get => new(MtimeSeconds, MtimeNanos);
            set
            {
                MtimeSeconds = value.Seconds;
                MtimeNanos = value.Nanoseconds;
            }
        }

        /// <summary>Scan only: selected by an include pattern (itself or through an ancestor); not stored.</summary>
        public bool Included;

        public readonly bool SameHash(ReadOnlySpan<byte> sha256)
            => HasHash && HashHigh == System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(sha256)
                && HashLow == System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(sha256[8..]);

        public void SetHash(ReadOnlySpan<byte> sha256)
        {
            HashHigh = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(sha256);
            HashLow = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(sha256[8..]);
            HasHash = true;
        }
    }
}
