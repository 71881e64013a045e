namespace OrleansHa.Grains.Destinations;

/// <summary>
/// Settings of the receiving side of the <c>silo</c> transport (configuration section <c>ReplicaReceiver</c>).
/// Validated at start by ReplicaReceiverOptionsValidator.
/// </summary>
public sealed class ReplicaReceiverOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ReplicaReceiver";

    /// <summary>
    /// How long one receiver call may spend in the file system (opening the target, listing, writing a file into
    /// place, a directory's metadata, a flush) before the sender gets an error naming the target; the call runs off
    /// the grain's turn, so a hung mount never makes the receiver stop answering. More than 0 and less than the
    /// silo's response timeout (30 seconds), so the sender gets this error rather than a bare timeout. Putting a large
    /// staged file into place counts against it (a hard link when the staging folder is on the target's file system, a
    /// full copy when it is not), and so does hashing the prefix an interrupted upload left (about 1 GiB in a few
    /// seconds). Default: 20 seconds.
    /// </summary>
    public TimeSpan IoTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a staged upload (a large file an interrupted run left half-sent in the staging folder) is kept for a
    /// later run to resume: one untouched for longer is removed when the next large file arrives. More than 0.
    /// Default: 7 days.
    /// </summary>
    public TimeSpan StagedUploadRetention { get; set; } = TimeSpan.FromDays(7);
}
