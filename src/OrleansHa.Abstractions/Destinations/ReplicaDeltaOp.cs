namespace OrleansHa.Destinations;

/// <summary>One op of a delta upload: a range of the receiver's old version, or literal bytes, placed at an offset of the new one.</summary>
/// <param name="TargetOffset">Where the op's bytes go in the new file.</param>
/// <param name="Length">How many bytes it places.</param>
/// <param name="BasisOffset">A copy: where the range starts in the old version. A literal: -1.</param>
/// <param name="Literal">A literal: its bytes. A copy: null.</param>
[GenerateSerializer, Immutable, Alias("orleansha.replica-delta-op")]
public sealed record ReplicaDeltaOp(
    [property: Id(0)] long TargetOffset,
    [property: Id(1)] long Length,
    [property: Id(2)] long BasisOffset,
    [property: Id(3)] byte[]? Literal);
