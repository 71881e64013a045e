using OrleansHa.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Destinations;

/// <summary>Maps the sync engine's entry types to the records that cross the <c>silo</c> transport, and back.</summary>
public static class ReplicaConversions
{
    /// <summary>To the wire.</summary>
    public static ReplicaEntry ToReplica(this TargetEntry entry)
        => new(entry.Path, (ReplicaEntryKind)entry.Kind, entry.Size, entry.MtimeNanoseconds, entry.Mode, entry.LinkTarget);

    /// <summary>From the wire.</summary>
    public static TargetEntry ToTarget(this ReplicaEntry entry)
        => new(entry.Path, (SyncEntryKind)entry.Kind, entry.Size, entry.MtimeNanoseconds, entry.Mode, entry.LinkTarget);

    /// <summary>To the wire.</summary>
    public static ReplicaMetadata ToReplica(this EntryMetadata metadata)
        => new(metadata.Mode, metadata.MtimeNanoseconds, metadata.Uid, metadata.Gid, metadata.Preserve);

    /// <summary>From the wire.</summary>
    public static EntryMetadata ToEntry(this ReplicaMetadata metadata)
        => new(metadata.Mode, metadata.MtimeNanoseconds, metadata.Uid, metadata.Gid, metadata.Preserve);
}
