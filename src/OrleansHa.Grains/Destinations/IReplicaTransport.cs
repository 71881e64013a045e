using OrleansHa.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// Reaches destinations for the grains: probes them and opens the sync target a run writes to. An
/// application service injected into the destination and worker grains.
/// </summary>
public interface IReplicaTransport
{
    /// <summary>Probes the destination; null when it is available, otherwise why not.</summary>
    Task<string?> ProbeAsync(DestinationDefinition destination, CancellationToken cancellationToken);

    /// <summary>Opens the target a file set's run writes to.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="targetPath">The file set's target path there: for local, relative to the owner's own prefix of the destination's directory (<c>directory/user/</c>); for silo, absolute.</param>
    /// <param name="user">The file set's owner.</param>
    /// <param name="owner">The owner's identity (uid/gid) and roots on this system.</param>
    /// <param name="durable">Whether writes are flushed to disk.</param>
    /// <param name="priority">The run's priority: at the destination's bandwidth limit, higher priority runs send first.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    Task<ISyncTarget> OpenTargetAsync(DestinationDefinition destination, string targetPath, string user, AccessScope owner, bool durable, int priority, CancellationToken cancellationToken);
}
