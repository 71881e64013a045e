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
}
