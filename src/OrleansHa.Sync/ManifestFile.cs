using System.Buffers;
using System.Security.Cryptography;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// The checkpoint on disk: "OHSM", a version byte, the entry count, then each entry in tree order with its path
/// prefix-compressed against the previous one (shared length, suffix) and numbers as varints, then a SHA-256 of all
/// of it. Version 2 keeps the modification time as seconds (zigzag) and nanoseconds, so every time a file can carry
/// fits; version 1 kept nanoseconds since the epoch (zigzag), which end in 2262, and is still read. Written to a temporary file, fsynced, renamed over the old one and the directory fsynced, so a crash leaves
/// the old checkpoint or the new one. A checkpoint that fails its checksum is treated as absent (the next run then
/// compares against the target itself).
/// </summary>
internal static class ManifestFile
{
    private const byte Version = 2;
    private const byte NanosecondsVersion = 1;
    private static ReadOnlySpan<byte> Magic => "OHSM"u8;

    public static void Write(EntryTable table, string path, bool durable)
    {
        var directory = System.IO.Path.GetDirectoryName(path) ?? "/";
        Directory.CreateDirectory(directory);
        var temp = path + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using var writer = new HashingWriter(file);
            writer.Write(Magic);
            writer.WriteByte(Version);
            writer.WriteVarint((ulong)table.Count);
            ReadOnlySpan<byte> previous = default;
            Span<byte> hash = stackalloc byte[16];
            for (var i = 0; i < table.Count; i++)
            {
                ref var e = ref table[i];
                var name = table.PathBytes(i);
                var shared = name.CommonPrefixLength(previous);
                writer.WriteVarint((ulong)shared);
                writer.WriteVarint((ulong)(name.Length - shared));
                writer.Write(name[shared..]);
                writer.WriteByte((byte)e.Kind);
                writer.WriteByte(e.HasHash ? (byte)1 : (byte)0);
                writer.WriteVarint((ulong)e.Mode);
                writer.WriteVarint((ulong)e.Size);
                writer.WriteVarint((ulong)((e.MtimeSeconds << 1) ^ (e.MtimeSeconds >> 63)));
                writer.WriteVarint((ulong)e.MtimeNanos);
                if (e.HasHash)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(hash, e.HashHigh);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(hash[8..], e.HashLow);
                    writer.Write(hash);
                }

                if (e.Kind == SyncEntryKind.Symlink)
                {
                    writer.WriteVarint((ulong)e.LinkLength);
                    writer.Write(table.LinkBytes(i));
                }

                previous = name;
            }

            writer.Finish();
            file.Flush(flushToDisk: durable);
        }

        File.Move(temp, path, overwrite: true);
        if (durable)
        {
            using var dir = DirectoryHandles.OpenRoot(Libc.RealPath(directory, out _) ?? directory);
            _ = Libc.FSync(dir);
        }
    }

    /// <summary>Reads a checkpoint; null if there is none. Throws <see cref="InvalidDataException"/> if it is damaged.</summary>
    public static EntryTable? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 1 + 32 || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a sync manifest (bad header).");
        }

        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
        {
            throw new InvalidDataException($"The sync manifest '{path}' is damaged (checksum mismatch).");
        }

        var version = body[4];
        if (version is not (Version or NanosecondsVersion))
        {
            throw new InvalidDataException($"The sync manifest '{path}' has version {version}; this engine reads versions {NanosecondsVersion} and {Version}.");
        }

        var position = 5;
        var count = checked((int)ReadVarint(body, ref position));
        var table = new EntryTable(count, Math.Max(1024, body.Length * 2));
        var name = new byte[4096];
        var nameLength = 0;
        for (var i = 0; i < count; i++)
        {
            var shared = (int)ReadVarint(body, ref position);
            var suffix = (int)ReadVarint(body, ref position);
            if (shared > nameLength || shared + suffix > 65536)
            {
                throw new InvalidDataException($"The sync manifest '{path}' is damaged (entry {i}).");
            }

            if (shared + suffix > name.Length)
            {
                Array.Resize(ref name, shared + suffix);
            }

            body.Slice(position, suffix).CopyTo(name.AsSpan(shared));
            position += suffix;
            nameLength = shared + suffix;
            var record = new EntryTable.Entry { Kind = (SyncEntryKind)body[position++] };
            var hasHash = body[position++] != 0;
            record.Mode = (int)ReadVarint(body, ref position);
            record.Size = (long)ReadVarint(body, ref position);
            var zig = ReadVarint(body, ref position);
            var signed = (long)(zig >> 1) ^ -(long)(zig & 1);
            if (version == NanosecondsVersion)
            {
                record.Mtime = FileTime.FromNanoseconds(signed);
            }
            else
            {
                var nanoseconds = ReadVarint(body, ref position);
                if (nanoseconds >= 1_000_000_000)
                {
                    throw new InvalidDataException($"The sync manifest '{path}' is damaged (entry {i}: {nanoseconds} nanoseconds).");
                }

                record.Mtime = new FileTime(signed, (int)nanoseconds);
            }
            if (hasHash)
            {
                record.SetHash(body.Slice(position, 16));
                position += 16;
            }

            ReadOnlySpan<byte> link = default;
            if (record.Kind == SyncEntryKind.Symlink)
            {
                var linkLength = (int)ReadVarint(body, ref position);
                link = body.Slice(position, linkLength);
                position += linkLength;
            }

            table.AddRaw(name.AsSpan(0, nameLength), link, record);
        }

        return table;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A sync manifest number is too long.");
    }

    /// <summary>Buffers writes and hashes everything written; <see cref="Finish"/> appends the hash.</summary>
    private sealed class HashingWriter(Stream stream) : IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        private int _used;

        public void Write(ReadOnlySpan<byte> data)
        {
            while (data.Length > 0)
            {
                if (_used == _buffer.Length)
                {
                    Drain();
                }

                var n = Math.Min(data.Length, _buffer.Length - _used);
                data[..n].CopyTo(_buffer.AsSpan(_used));
                _used += n;
                data = data[n..];
            }
        }

        public void WriteByte(byte value) => Write([value]);

        public void WriteVarint(ulong value)
        {
            Span<byte> bytes = stackalloc byte[10];
            var n = 0;
            while (value >= 0x80)
            {
                bytes[n++] = (byte)(value | 0x80);
                value >>= 7;
            }

            bytes[n++] = (byte)value;
            Write(bytes[..n]);
        }

        public void Finish()
        {
            Drain();
            stream.Write(_hash.GetHashAndReset());
        }

        public void Dispose()
        {
            _hash.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        private void Drain()
        {
            _hash.AppendData(_buffer, 0, _used);
            stream.Write(_buffer, 0, _used);
            _used = 0;
        }
    }
}
