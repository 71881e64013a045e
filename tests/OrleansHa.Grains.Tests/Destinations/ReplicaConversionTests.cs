using OrleansHa.Destinations;
using OrleansHa.Grains.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Tests.Destinations;

/// <summary>Times cross the <c>silo</c> transport exactly, also outside 64-bit nanoseconds, and an old peer's records still read.</summary>
public sealed class ReplicaConversionTests
{
    private static readonly FileTime Future = new(10413792000, 123_456_789); // 2300-01-01
    private static readonly FileTime Past = new(-11662920000, 500_000_000);  // 1600-06-01

    [Fact]
    public void ToReplica_WhenTheTimeLiesOutside64BitNanoseconds_RoundTripsExactly()
    {
        foreach (var time in new[] { Future, Past, new FileTime(0, 0), new FileTime(-1, 750_000_000) })
        {
            var metadata = new EntryMetadata(0b110_100_100, time, 1, 2);
            var entry = new TargetEntry("f", SyncEntryKind.File, 3, time, 0b110_100_100);

            Assert.Equal(metadata, metadata.ToReplica().ToEntry());
            Assert.Equal(entry, entry.ToReplica().ToTarget());
        }
    }

    [Fact]
    public void ToReplica_ForAnOldPeer_SendsTheNanosecondsClamped()
    {
        Assert.Equal(long.MaxValue, new EntryMetadata(420, Future, 0, 0).ToReplica().MtimeNanoseconds);
        Assert.Equal(long.MinValue, new TargetEntry("f", SyncEntryKind.File, 0, Past, 420).ToReplica().MtimeNanoseconds);
        Assert.Equal(1_700_000_000_123_456_789, new EntryMetadata(420, 1_700_000_000_123_456_789, 0, 0).ToReplica().MtimeNanoseconds);
    }

    [Fact]
    public void ToEntry_FromAnOldPeer_ReadsItsNanoseconds()
    {
        // What an old peer's message reads as: the new fields absent, so 0.
        var metadata = new ReplicaMetadata(Mode: 420, MtimeNanoseconds: -250_000_000, Uid: 1, Gid: 2, Preserve: true);
        var entry = new ReplicaEntry("f", ReplicaEntryKind.File, 3, 1_700_000_000_123_456_789, 420, null);

        Assert.Equal(new FileTime(-1, 750_000_000), metadata.ToEntry().Mtime);
        Assert.Equal(new FileTime(1_700_000_000, 123_456_789), entry.ToTarget().Mtime);
    }
}
