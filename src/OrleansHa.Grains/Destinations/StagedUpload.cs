using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// A large file arriving through the <c>silo</c> transport, staged in the staging folder under a name derived from what
/// it is (user, target root, relative path), so that an upload interrupted by a kill of either side, a lost connection
/// or a silo restart finds its data again. Beside the data (<c>upload-*.part</c>, sized to the file's length at start)
/// a small state file (<c>upload-*.state</c>) records the source version it belongs to (length and modification time)
/// and the durable watermark: the length of the prefix every byte of which has arrived and been fsynced. Chunks arrive
/// out of order, so only the contiguous prefix counts; it is made durable in steps of <see cref="DurableStep"/> and at
/// the end — the data is fsynced first, then the state file is replaced atomically (written beside it, fsynced,
/// renamed), so the watermark never claims more than is on disk. Not thread-safe: the receiver grain calls it on its
/// turn, except <see cref="Persist"/> and <see cref="HashPrefix"/>, which it runs off the turn with values taken on it.
/// </summary>
internal sealed class StagedUpload : IDisposable
{
    /// <summary>The contiguous prefix is made durable each time it grew by this much (and when it reaches the end).</summary>
    public const long DurableStep = 32L << 20;

    private const string Magic = "orleansha-staged-upload 1";

    /// <summary>Ranges written beyond the contiguous prefix, by start: chunks that arrived before the ones before them.</summary>
    private readonly SortedDictionary<long, long> _ahead = [];
    private readonly SafeFileHandle _data;

    private StagedUpload(string directory, string name, string relativePath, long length, long mtimeNanoseconds, long durable, SafeFileHandle data)
    {
        Name = name;
        RelativePath = relativePath;
        Length = length;
        MtimeNanoseconds = mtimeNanoseconds;
        DataPath = Path.Combine(directory, name + ".part");
        StatePath = Path.Combine(directory, name + ".state");
        Durable = durable;
        Contiguous = durable;
        _data = data;
    }

    /// <summary>The staging name shared by the data and state files (<c>upload-</c> and 32 hex digits).</summary>
    public string Name { get; }

    /// <summary>The file's path relative to the target root.</summary>
    public string RelativePath { get; }

    /// <summary>The file's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The source's modification time, which with <see cref="Length"/> names the version being staged.</summary>
    public long MtimeNanoseconds { get; }

    /// <summary>The staged data.</summary>
    public string DataPath { get; }

    /// <summary>The state file.</summary>
    public string StatePath { get; }

    /// <summary>The bytes from the start that have all been written (not necessarily fsynced yet).</summary>
    public long Contiguous { get; private set; }

    /// <summary>The bytes from the start that are fsynced and recorded in the state file.</summary>
    public long Durable { get; private set; }

    /// <summary>True when the contiguous prefix outgrew the durable one by a step, or reached the end.</summary>
    public bool ShouldPersist => Contiguous - Durable >= DurableStep || (Contiguous == Length && Durable < Length);

    /// <summary>The staging name of a file: a hash of what it is, so the same file finds its staged data again.</summary>
    public static string NameFor(string user, string targetRoot, string relativePath)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes($"{user}\0{targetRoot}\0{relativePath}"));
        return "upload-" + Convert.ToHexStringLower(key.AsSpan(0, 16));
    }

    /// <summary>
    /// Opens the staged upload named <paramref name="name"/>: the one already there when it stages the same version
    /// (same length and modification time, data of that length) and <paramref name="restart"/> is false, else a new
    /// empty one that replaces it.
    /// </summary>
    public static StagedUpload Open(string directory, string name, string relativePath, long length, long mtimeNanoseconds, bool restart)
    {
        Directory.CreateDirectory(directory);
        var data = Path.Combine(directory, name + ".part");
        var state = Path.Combine(directory, name + ".state");
        if (!restart && ReadState(state) is { } recorded && recorded.Length == length && recorded.Mtime == mtimeNanoseconds
            && recorded.Durable is >= 0 && recorded.Durable <= length && File.Exists(data))
        {
            var handle = File.OpenHandle(data, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            if (RandomAccess.GetLength(handle) == length)
            {
                return new StagedUpload(directory, name, relativePath, length, mtimeNanoseconds, recorded.Durable, handle);
            }

            handle.Dispose();
        }

        // Another version (or nothing usable): the state goes first, so a crash in between never pairs the old
        // watermark with new data.
        File.Delete(state);
        var fresh = File.OpenHandle(data, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite);
        try
        {
            RandomAccess.SetLength(fresh, length);
            var upload = new StagedUpload(directory, name, relativePath, length, mtimeNanoseconds, 0, fresh);
            upload.WriteState(0);
            return upload;
        }
        catch
        {
            fresh.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Removes staged files (data, state, or anything else in the staging folder) not written for longer than
    /// <paramref name="retention"/>, except those of <paramref name="keep"/>; returns how many.
    /// </summary>
    public static int RemoveStale(string directory, DateTimeOffset now, TimeSpan retention, string keep)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
        {
            if (file.Name.StartsWith(keep + ".", StringComparison.Ordinal) || now - file.LastWriteTimeUtc <= retention)
            {
                continue;
            }

            try
            {
                file.Delete();
                removed++;
            }
            catch (IOException)
            {
                // Gone already, or in use on a file system that minds: the next sweep tries again.
            }
        }

        return removed;
    }

    /// <summary>Writes a chunk at its offset and moves the contiguous prefix over whatever it now joins.</summary>
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        RandomAccess.Write(_data, data, offset);
        var end = offset + data.Length;
        if (offset > Contiguous)
        {
            _ahead[offset] = _ahead.TryGetValue(offset, out var known) ? Math.Max(known, end) : end;
            return;
        }

        Contiguous = Math.Max(Contiguous, end);
        while (_ahead.Count > 0)
        {
            var (start, stop) = _ahead.First();
            if (start > Contiguous)
            {
                break;
            }

            _ahead.Remove(start);
            Contiguous = Math.Max(Contiguous, stop);
        }
    }

    /// <summary>Makes the first <paramref name="upTo"/> bytes durable: fsyncs the data, then records the watermark.</summary>
    public void Persist(long upTo)
    {
        RandomAccess.FlushToDisk(_data);
        WriteState(upTo);
    }

    /// <summary>Records on the turn that <see cref="Persist"/> finished for <paramref name="upTo"/>.</summary>
    public void MarkDurable(long upTo) => Durable = Math.Max(Durable, upTo);

    /// <summary>The SHA-256 of the first <paramref name="length"/> staged bytes.</summary>
    public byte[] HashPrefix(long length, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        for (long offset = 0; offset < length;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = RandomAccess.Read(_data, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
            if (read == 0)
            {
                throw new IOException($"The staged upload of '{RelativePath}' ({DataPath}) ends before its {length} durable bytes.");
            }

            hash.AppendData(buffer.AsSpan(0, read));
            offset += read;
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Deletes the staged data and state (after a commit, or to give up on it).</summary>
    public void Remove()
    {
        Dispose();
        File.Delete(StatePath);
        File.Delete(DataPath);
    }

    /// <inheritdoc />
    public void Dispose() => _data.Dispose();

    private void WriteState(long durable)
    {
        var temporary = StatePath + ".new";
        var text = string.Join('\n', Magic, Length.ToString(CultureInfo.InvariantCulture), MtimeNanoseconds.ToString(CultureInfo.InvariantCulture),
            durable.ToString(CultureInfo.InvariantCulture), RelativePath);
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 0))
        {
            file.Write(Encoding.UTF8.GetBytes(text));
            file.Flush(flushToDisk: true);
        }

        // The rename is atomic: a reader finds the old watermark or the new one. Without a directory fsync a crash of
        // the machine may bring back the old one, which claims less, never more.
        File.Move(temporary, StatePath, overwrite: true);
    }

    private static (long Length, long Mtime, long Durable)? ReadState(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllText(path).Split('\n', 5);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return lines.Length == 5 && lines[0] == Magic
            && long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && long.TryParse(lines[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var mtime)
            && long.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var durable)
            ? (length, mtime, durable)
            : null;
    }
}
