using OrleansHa.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// Maps the sync engine's entry types to the records that cross the <c>silo</c> transport, and back. A time travels
/// twice: as seconds and nanoseconds (every time a file can carry) and, for a peer that predates those fields, as
/// nanoseconds since the epoch, clamped to what 64 bits hold. A reader takes the seconds and nanoseconds when either
/// is set; both are 0 only from an old peer, or for the epoch itself, which the old field then says too.
/// </summary>
public static class ReplicaConversions
{
    /// <summary>To the wire.</summary>
    public static ReplicaEntry ToReplica(this TargetEntry entry)
        => new(entry.Path, (ReplicaEntryKind)entry.Kind, entry.Size, entry.Mtime.ClampedNanoseconds, entry.Mode, entry.LinkTarget)
        {
            MtimeSeconds = entry.Mtime.Seconds,
            MtimeNanosecondPart = entry.Mtime.Nanoseconds,
        };

    /// <summary>From the wire.</summary>
    public static TargetEntry ToTarget(this ReplicaEntry entry)
        => new(entry.Path, (SyncEntryKind)entry.Kind, entry.Size, TimeOf(entry.MtimeSeconds, entry.MtimeNanosecondPart, entry.MtimeNanoseconds), entry.Mode, entry.LinkTarget);

    /// <summary>To the wire.</summary>
    public static ReplicaMetadata ToReplica(this EntryMetadata metadata)
        => new(metadata.Mode, metadata.Mtime.ClampedNanoseconds, metadata.Uid, metadata.Gid, metadata.Preserve)
        {
            MtimeSeconds = metadata.Mtime.Seconds,
            MtimeNanosecondPart = metadata.Mtime.Nanoseconds,
        };

    /// <summary>From the wire.</summary>
    public static EntryMetadata ToEntry(this ReplicaMetadata metadata)
        => new(metadata.Mode, TimeOf(metadata.MtimeSeconds, metadata.MtimeNanosecondPart, metadata.MtimeNanoseconds), metadata.Uid, metadata.Gid, metadata.Preserve);

    private static FileTime TimeOf(long seconds, int nanosecondPart, long nanoseconds)
    {
        if (seconds == 0 && nanosecondPart == 0)
        {
            return FileTime.FromNanoseconds(nanoseconds);
        }

        return nanosecondPart is >= 0 and < 1_000_000_000
            ? new FileTime(seconds, nanosecondPart)
            : throw new InvalidDataException($"A replica's modification time has {nanosecondPart} nanoseconds within its second; allowed: 0 to 999,999,999.");
    }
}
