using OrleansHa.Destinations;
using OrleansHa.Sync.Delta;

namespace OrleansHa.Grains.Destinations;

/// <summary>Maps the delta transfer's signatures and ops to the records that cross the <c>silo</c> transport, and back.</summary>
public static class ReplicaDeltaConversions
{
    /// <summary>To the wire.</summary>
    public static ReplicaSignature ToReplica(this DeltaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var high = new ulong[signature.Count];
        var low = new ulong[signature.Count];
        for (var i = 0; i < high.Length; i++)
        {
            high[i] = (ulong)(signature.Strong[i] >> 64);
            low[i] = (ulong)signature.Strong[i];
        }

        return new ReplicaSignature(signature.Length, signature.MtimeNanoseconds, signature.BlockSize, signature.FirstBlock, signature.Weak.ToArray(), high, low);
    }

    /// <summary>From the wire; throws <see cref="ArgumentException"/> for a page that does not describe a file's blocks.</summary>
    public static DeltaSignature ToSignature(this ReplicaSignature page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Weak is null || page.StrongHigh is null || page.StrongLow is null || page.StrongHigh.Length != page.Weak.Length || page.StrongLow.Length != page.Weak.Length)
        {
            throw new ArgumentException("A signature page's weak and strong arrays differ in length.", nameof(page));
        }

        var strong = new UInt128[page.Weak.Length];
        for (var i = 0; i < strong.Length; i++)
        {
            strong[i] = new UInt128(page.StrongHigh[i], page.StrongLow[i]);
        }

        return new DeltaSignature(page.Length, page.MtimeNanoseconds, page.BlockSize, page.FirstBlock, page.Weak, strong);
    }

    /// <summary>To the wire (a literal's bytes are copied: the op's memory is the sender's to reuse).</summary>
    public static ReplicaDeltaOp ToReplica(this DeltaOp op)
        => op.IsCopy ? new ReplicaDeltaOp(op.TargetOffset, op.Length, op.BasisOffset, null) : new ReplicaDeltaOp(op.TargetOffset, op.Length, -1, op.Data.ToArray());

    /// <summary>From the wire; throws <see cref="ArgumentException"/> for an op that is neither a copy nor a literal of its length.</summary>
    public static DeltaOp ToDelta(this ReplicaDeltaOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        return op.BasisOffset >= 0 && op.Literal is null ? DeltaOp.Copy(op.TargetOffset, op.BasisOffset, op.Length)
            : op.BasisOffset == -1 && op.Literal is { } data && data.Length == op.Length ? DeltaOp.Literal(op.TargetOffset, data)
            : throw new ArgumentException($"The delta op of {op.Length} bytes at {op.TargetOffset} is neither a copy from the old version nor a literal of that length.", nameof(op));
    }
}
