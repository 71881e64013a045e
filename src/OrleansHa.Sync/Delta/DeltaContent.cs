namespace OrleansHa.Sync.Delta;

/// <summary>
/// A file's new version on its way to a target as a delta against the version the target holds: its length, the ops
/// that build it (see <see cref="DeltaOp"/>), and the hash of the whole new file, which the target checks on what it
/// built before it renames it into place. A target must consume the ops in order and must not commit the file if
/// enumeration throws (for example because the source changed while it was read).
/// </summary>
public abstract class DeltaContent
{
    /// <summary>The new file's length in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>The ops, in increasing target order. A literal's memory is valid until the next op is requested.</summary>
    public abstract IAsyncEnumerable<DeltaOp> ReadOpsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The XxHash128 of the whole new file (holes read as zeros), computed by the sender as it read the file; known
    /// only once <see cref="ReadOpsAsync"/> has run to its end.
    /// </summary>
    public abstract UInt128 ExpectedHash { get; }

    /// <summary>Content made from ops that arrive some other way (e.g. over the network on a receiving system).</summary>
    /// <param name="length">The new file's length.</param>
    /// <param name="ops">The ops, in increasing target order.</param>
    /// <param name="expectedHash">Gives the whole file's hash; asked only after the ops ran to their end.</param>
    public static DeltaContent FromOps(long length, IAsyncEnumerable<DeltaOp> ops, Func<UInt128> expectedHash)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentNullException.ThrowIfNull(ops);
        ArgumentNullException.ThrowIfNull(expectedHash);
        return new OpContent(length, ops, expectedHash);
    }

    private sealed class OpContent(long length, IAsyncEnumerable<DeltaOp> ops, Func<UInt128> expectedHash) : DeltaContent
    {
        public override long Length => length;

        public override UInt128 ExpectedHash => expectedHash();

        public override IAsyncEnumerable<DeltaOp> ReadOpsAsync(CancellationToken cancellationToken) => ops;
    }
}
