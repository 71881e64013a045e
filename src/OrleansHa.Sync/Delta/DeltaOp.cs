namespace OrleansHa.Sync.Delta;

/// <summary>
/// One step of building a file's new version at a target that holds an older one (the basis): either a range copied
/// from the basis or literal bytes sent along. Each op says where its bytes go (<see cref="TargetOffset"/>); a delta's
/// ops come in increasing target order and cover the new file from 0 to its length without gaps or overlaps.
/// </summary>
/// <param name="TargetOffset">Where the op's bytes go in the new file.</param>
/// <param name="Length">How many bytes the op places.</param>
/// <param name="BasisOffset">A copy: where the range starts in the basis. A literal: -1.</param>
/// <param name="Data">A literal: its bytes (<paramref name="Length"/> of them), valid only until the next op is requested. A copy: empty.</param>
public readonly record struct DeltaOp(long TargetOffset, long Length, long BasisOffset, ReadOnlyMemory<byte> Data)
{
    /// <summary>True for a range copied from the basis, false for literal data.</summary>
    public bool IsCopy => BasisOffset >= 0;

    /// <summary>A range of the basis placed at <paramref name="targetOffset"/>.</summary>
    public static DeltaOp Copy(long targetOffset, long basisOffset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(basisOffset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return new DeltaOp(targetOffset, length, basisOffset, ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>Literal bytes placed at <paramref name="targetOffset"/>.</summary>
    public static DeltaOp Literal(long targetOffset, ReadOnlyMemory<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetOffset);
        ArgumentOutOfRangeException.ThrowIfZero(data.Length);
        return new DeltaOp(targetOffset, data.Length, -1, data);
    }
}
