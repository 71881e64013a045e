using OrleansHa.Security;

namespace OrleansHa.Monitoring;

/// <summary>
/// The system's directory (key <c>system</c>): which users and destinations exist, and which monitor
/// shard supervises each user's workers. Changes to users and file sets arrive here and go on to the
/// user's shard; more shards come into use when one is full.
/// </summary>
[SiloOnly, Alias("orleansha.registry-grain")]
public interface IRegistryGrain : IGrainWithStringKey
{
    /// <summary>A user, or one of their file sets, changed (or appeared, or went away): the user's shard refreshes.</summary>
    Task UserChangedAsync(string user);

    /// <summary>A destination was defined (true) or removed (false); every shard refreshes.</summary>
    Task DestinationChangedAsync(string destination, bool exists);

    /// <summary>A destination came back or was enabled; every shard wakes the workers waiting for it.</summary>
    Task DestinationReadyAsync(string destination);

    /// <summary>The names of the defined users, sorted.</summary>
    Task<IReadOnlyList<string>> GetUsersAsync();

    /// <summary>The names of the defined destinations, sorted.</summary>
    Task<IReadOnlyList<string>> GetDestinationsAsync();

    /// <summary>The number of monitor shards in use.</summary>
    Task<int> GetShardCountAsync();

    /// <summary>
    /// While deferred, changes are only noted; ending the deferral refreshes every noted user at once
    /// (a settings import defines thousands of things and refreshes once). Administrator only.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<RefreshResult> SetRefreshDeferredAsync(bool deferred);

    /// <summary>Every shard refreshes every user (after a restore, or to converge from cold).</summary>
    [ResponseTimeout("00:10:00")]
    Task<RefreshResult> RefreshAllAsync();

    /// <summary>Clears every shard's worker table and every worker's checkpoints, then refreshes all users (ending any deferral).</summary>
    [ResponseTimeout("00:10:00")]
    Task<RefreshResult> ColdStartAsync();
}
