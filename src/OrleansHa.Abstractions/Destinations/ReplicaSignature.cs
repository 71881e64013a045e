namespace OrleansHa.Destinations;

/// <summary>
/// A page of the block signatures of a file a receiving system holds, for delta transfer (rsync's algorithm): per
/// block its rolling weak checksum and the two halves of its XxHash128.
/// </summary>
/// <param name="Length">The file's length in bytes.</param>
/// <param name="MtimeNanoseconds">The file's modification time; pages of one version carry the same length and time.</param>
/// <param name="BlockSize">The block size the receiver chose from the length (the last block may be shorter).</param>
/// <param name="FirstBlock">The index of the page's first block.</param>
/// <param name="Weak">The weak checksum of each block of the page.</param>
/// <param name="StrongHigh">The upper 64 bits of each block's XxHash128.</param>
/// <param name="StrongLow">The lower 64 bits of each block's XxHash128.</param>
[GenerateSerializer, Immutable, Alias("orleansha.replica-signature")]
public sealed record ReplicaSignature(
    [property: Id(0)] long Length,
    [property: Id(1)] long MtimeNanoseconds,
    [property: Id(2)] int BlockSize,
    [property: Id(3)] long FirstBlock,
    [property: Id(4)] uint[] Weak,
    [property: Id(5)] ulong[] StrongHigh,
    [property: Id(6)] ulong[] StrongLow);
