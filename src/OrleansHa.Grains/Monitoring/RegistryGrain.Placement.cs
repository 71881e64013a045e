using Microsoft.Extensions.Logging;
using OrleansHa.Monitoring;

namespace OrleansHa.Grains.Monitoring;

/// <summary>Refreshing users on their shards and placing users on shards with room.</summary>
public sealed partial class RegistryGrain
{
    private async Task<RefreshResult> RefreshCoreAsync(List<string> users)
    {
        var loads = state.State.ShardLoads;
        var max = options.Value.MaxWorkersPerShard;
        int started = 0, reassigned = 0, stopped = 0;
        var toPlace = new List<string>();

        // Users already placed refresh on their own shard; shards work concurrently.
        var placed = users.Where(u => state.State.Users.TryGetValue(u, out var s) && s >= 0 && s < loads.Count)
            .GroupBy(u => state.State.Users[u]).ToList();
        var results = await Task.WhenAll(placed.Select(async group =>
        {
            var refused = new List<string>();
            var last = default(RefreshResult);
            foreach (var chunk in group.Chunk(RefreshBatch))
            {
                last = await GrainFactory.GetGrain<IMonitorGrain>(group.Key).RefreshUsersAsync(chunk);
                refused.AddRange(last.Refused);
                started += last.Started;
                reassigned += last.Reassigned;
                stopped += last.Stopped;
            }

            return (Shard: group.Key, Result: last!, Refused: refused);
        }));
        foreach (var (shard, result, refused) in results)
        {
            loads[(int)shard] = result.WorkerCount;
            toPlace.AddRange(refused);
        }

        // Users that are new, or no longer fit their shard, go to the first shard with room.
        toPlace.AddRange(users.Where(u => !state.State.Users.TryGetValue(u, out var s) || s < 0 || s >= loads.Count));
        toPlace = toPlace.Where(state.State.Users.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
        var shardIndex = 0;
        while (toPlace.Count > 0)
        {
            if (shardIndex == loads.Count)
            {
                loads.Add(0);
                LogShardOpened(logger, shardIndex);
            }

            if (loads[shardIndex] >= max)
            {
                shardIndex++;
                continue;
            }

            var batch = toPlace.Take(RefreshBatch).ToList();
            toPlace.RemoveRange(0, batch.Count);
            var before = loads[shardIndex];
            var result = await GrainFactory.GetGrain<IMonitorGrain>(shardIndex).RefreshUsersAsync(batch);
            loads[shardIndex] = result.WorkerCount;
            started += result.Started;
            reassigned += result.Reassigned;
            stopped += result.Stopped;
            var refused = result.Refused.ToHashSet(StringComparer.Ordinal);
            foreach (var user in batch.Where(u => !refused.Contains(u)))
            {
                state.State.Users[user] = shardIndex;
            }

            if (refused.Count == 0)
            {
                continue;
            }

            var again = batch.Where(refused.Contains).ToList();
            if (before == 0 && again.Count == batch.Count)
            {
                // Refused by an empty shard: the first user's workers alone exceed a shard.
                LogTooLarge(logger, again[0], max);
                state.State.Users[again[0]] = -1;
                again.RemoveAt(0);
            }

            toPlace.InsertRange(0, again);
            shardIndex++;
        }

        await state.WriteStateAsync();
        var total = loads.Sum();
        LogRefreshed(logger, users.Count, started, reassigned, stopped, total, loads.Count);
        return new RefreshResult([], total, started, reassigned, stopped);
    }

    [LoggerMessage(EventId = 5400, Level = LogLevel.Information, Message = "Registry refreshed {Users} user(s): {Started} started, {Reassigned} reassigned, {Stopped} stopped; {Workers} worker(s) on {Shards} shard(s)")]
    private static partial void LogRefreshed(ILogger logger, int users, int started, int reassigned, int stopped, int workers, int shards);

    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Registry opened monitor shard {Shard}")]
    private static partial void LogShardOpened(ILogger logger, int shard);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Error, Message = "User {User} needs more workers than one shard supervises ({Max}); the user's file sets are not run")]
    private static partial void LogTooLarge(ILogger logger, string user, int max);

    [LoggerMessage(EventId = 5403, Level = LogLevel.Warning, Message = "Registry cold start: {Users} user(s) to place afresh")]
    private static partial void LogColdStart(ILogger logger, int users);
}
