namespace OrleansHa.Sync;

/// <summary>How a file set is copied.</summary>
/// <param name="MirrorDeletes">Delete at the destination what vanished from the source (like <c>rsync --delete</c>). Default false.</param>
/// <param name="VerifyContent">Compare content hashes (SHA-256) rather than trusting size and modification time. Default false.</param>
/// <param name="PreserveMetadata">Copy mode bits and modification times (and owner/group when running as root). Default true.</param>
/// <param name="Durable">fsync each file before its rename and each changed directory after, so a crash loses nothing reported as copied. Default true.</param>
public sealed record SyncOptions(bool MirrorDeletes = false, bool VerifyContent = false, bool PreserveMetadata = true, bool Durable = true)
{
    /// <summary>How many files are copied at once. Default 4: small files are bound by system calls, which two cores overlap well.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>
    /// The delete guard: a run that would delete more than this share of the destination's files (and at least
    /// <see cref="MassDeleteMinimum"/> of them), or every one of them, stops before it changes anything (see
    /// <see cref="MassDeleteRefusedException"/>). Above 0, at most 1. Default 0.5.
    /// </summary>
    public double MassDeleteShare { get; init; } = 0.5;

    /// <summary>The fewest deletions the share rule of the delete guard trips on; 0 or more. Default 1,000.</summary>
    public long MassDeleteMinimum { get; init; } = 1000;

    /// <summary>
    /// Delta transfer: a modified file of at least this many bytes goes as a delta against the version the target
    /// holds (rsync's algorithm: only what the target does not have travels), where the target offers it (see
    /// <see cref="Delta.IDeltaSyncTarget"/>: the <c>silo</c> transport does, a local directory does not). Smaller
    /// files are copied whole: their signature round trip costs more than it saves. 0 or more. Default 1 MiB.
    /// </summary>
    public long DeltaMinimumSize { get; init; } = 1 << 20;
}
