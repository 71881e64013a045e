using System.Text;

namespace OrleansHa.Journals;

/// <summary>
/// How many bytes an entry takes in a shipping batch: its key, field names and values as UTF-8 (as the Orleans
/// serializer writes strings) plus a fixed allowance per field and per entry for lengths, tags, the sequence and the
/// timestamp. An estimate on the safe side: the serialized entry is not larger.
/// </summary>
public static class JournalEntrySize
{
    /// <summary>Allowance per entry for its sequence, kind, timestamp and framing.</summary>
    public const int EntryOverhead = 64;

    /// <summary>Allowance per field for its two length prefixes and framing.</summary>
    public const int FieldOverhead = 16;

    /// <summary>The bytes <paramref name="change"/> takes in a batch.</summary>
    public static long Of(JournalChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        long size = EntryOverhead + Encoding.UTF8.GetByteCount(change.Key ?? string.Empty);
        foreach (var (name, value) in change.Fields ?? [])
        {
            size += FieldOverhead + Encoding.UTF8.GetByteCount(name) + (value is null ? 0 : Encoding.UTF8.GetByteCount(value));
        }

        return size;
    }
}
