using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Users;

namespace OrleansHa.Grains.Monitoring;

/// <summary>
/// The system's directory of users and destinations, and the placement of users on monitor shards.
/// All of a user's workers live on one shard, so a change to a user or a file set refreshes one shard.
/// A user goes to the first shard with room; a shard that cannot fit a user's workers refuses the
/// user, who moves on to the next shard, opening a new one when all are full.
/// </summary>
public sealed partial class RegistryGrain(
    [PersistentState("registry")] IPersistentState<RegistryState> state,
    IOptions<MonitorOptions> options,
    ILogger<RegistryGrain> logger) : Grain, IRegistryGrain
{
    /// <summary>Users sent to a shard in one refresh call.</summary>
    private const int RefreshBatch = 512;

    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private bool _deferred;

    /// <inheritdoc />
    public async Task UserChangedAsync(string user)
    {
        CallerPrincipal.Current.DemandOwnerOrAdministrator(user, $"user {user}");
        CallerPrincipal.ActAsSilo();
        var exists = await GrainFactory.GetGrain<IUserGrain>(user).GetAsync() is not null;
        var known = state.State.Users.ContainsKey(user);
        if (exists && !known)
        {
            state.State.Users[user] = -1;
            await state.WriteStateAsync();
        }

        if (_deferred)
        {
            _pending.Add(user);
            return;
        }

        await RefreshCoreAsync([user]);
        if (!exists && known)
        {
            state.State.Users.Remove(user);
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public async Task DestinationChangedAsync(string destination, bool exists)
    {
        CallerPrincipal.Current.DemandSilo("change destinations");
        CallerPrincipal.ActAsSilo();
        var list = state.State.Destinations;
        var index = list.BinarySearch(destination, StringComparer.Ordinal);
        if (exists == index >= 0)
        {
            return;
        }

        if (exists)
        {
            list.Insert(~index, destination);
        }
        else
        {
            list.RemoveAt(index);
        }

        await state.WriteStateAsync();
        if (_deferred)
        {
            _pending.UnionWith(state.State.Users.Keys);
        }
        else if (state.State.Users.Count > 0)
        {
            // Workers exist per destination: every shard works out the difference.
            await RefreshCoreAsync(state.State.Users.Keys.ToList());
        }
    }

    /// <inheritdoc />
    public async Task DestinationReadyAsync(string destination)
    {
        CallerPrincipal.Current.DemandSilo("announce destinations");
        CallerPrincipal.ActAsSilo();
        for (var shard = 0; shard < state.State.ShardLoads.Count; shard++)
        {
            await GrainFactory.GetGrain<IMonitorGrain>(shard).DestinationReadyAsync(destination);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetUsersAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("list users");
        return Task.FromResult<IReadOnlyList<string>>([.. state.State.Users.Keys.Order(StringComparer.Ordinal)]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetDestinationsAsync()
        => Task.FromResult<IReadOnlyList<string>>([.. state.State.Destinations]);

    /// <inheritdoc />
    public Task<int> GetShardCountAsync() => Task.FromResult(state.State.ShardLoads.Count);

    /// <inheritdoc />
    public async Task<RefreshResult> SetRefreshDeferredAsync(bool deferred)
    {
        CallerPrincipal.Current.DemandAdministrator("defer refreshes");
        CallerPrincipal.ActAsSilo();
        _deferred = deferred;
        if (deferred || _pending.Count == 0)
        {
            return new RefreshResult([], state.State.ShardLoads.Sum(), 0, 0, 0);
        }

        var users = _pending.ToList();
        _pending.Clear();
        return await RefreshCoreAsync(users);
    }

    /// <inheritdoc />
    public async Task<RefreshResult> RefreshAllAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("refresh the monitors");
        CallerPrincipal.ActAsSilo();
        return await RefreshCoreAsync(state.State.Users.Keys.ToList());
    }

    /// <inheritdoc />
    public async Task<RefreshResult> ColdStartAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("cold-start the monitors");
        CallerPrincipal.ActAsSilo();
        _deferred = false;
        _pending.Clear();
        for (var shard = 0; shard < state.State.ShardLoads.Count; shard++)
        {
            await GrainFactory.GetGrain<IMonitorGrain>(shard).ColdStartAsync();
        }

        foreach (var user in state.State.Users.Keys.ToList())
        {
            state.State.Users[user] = -1;
        }

        state.State.ShardLoads.Clear();
        await state.WriteStateAsync();
        LogColdStart(logger, state.State.Users.Count);
        return await RefreshCoreAsync(state.State.Users.Keys.ToList());
    }
}
