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
    /// silo's response timeout (30 seconds), so the sender gets this error rather than a bare timeout; writing a large
    /// staged file into place counts against it. Default: 20 seconds.
    /// </summary>
    public TimeSpan IoTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
