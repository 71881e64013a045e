using Orleans.Concurrency;
using OrleansHa.Destinations;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Status;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Status;

/// <summary>
/// STATUS: gathers the monitor shards' cached tables (no worker is called for them), the live
/// progress of the few running workers, and the destinations' last probes. A user sees only their own.
/// </summary>
[StatelessWorker]
public sealed class StatusGrain(TimeProvider time) : Grain, IStatusGrain
{
    /// <inheritdoc />
    public async Task<StatusReport> GetStatusAsync(StatusQuery query)
    {
        var caller = CallerPrincipal.Current;
        var scoped = caller.HasAdministratorRights ? query : query with { User = caller.Name };
        var registry = GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System);
        var shardCount = await registry.GetShardCountAsync();
        var shards = await Task.WhenAll(Enumerable.Range(0, shardCount).Select(s => GrainFactory.GetGrain<IMonitorGrain>(s).GetStatusAsync(scoped)));

        var limit = Math.Max(0, query.Limit);
        var workers = shards.SelectMany(s => s.Workers).Take(limit).ToList();
        CallerPrincipal.ActAsSilo();
        for (var i = 0; i < workers.Count; i++)
        {
            if (workers[i].State == WorkerState.Running)
            {
                var snapshot = await GrainFactory.GetGrain<ISyncWorkerGrain>(workers[i].WorkerKey).GetSnapshotAsync();
                workers[i] = workers[i] with { Progress = snapshot.Progress };
            }
        }

        var destinations = new List<DestinationStatus>();
        if (caller.HasAdministratorRights)
        {
            var names = await registry.GetDestinationsAsync();
            var infos = await Task.WhenAll(names.Select(n => GrainFactory.GetGrain<IDestinationGrain>(n).GetAsync()));
            destinations.AddRange(infos.OfType<DestinationInfo>().Select(d =>
                new DestinationStatus(d.Definition.Name, d.Definition.Transport, d.SyncEnabled, d.Available, d.LastProbeAt)));
        }

        return new StatusReport(
            time.GetUtcNow(),
            shardCount,
            shards.Aggregate(WorkerCounts.None, (sum, s) => sum.Add(s.Counts)),
            shards.Sum(s => s.FileSetCount),
            workers,
            [.. shards.SelectMany(s => s.FileSets).OrderByDescending(f => f.LastRunAt).Take(limit)],
            destinations,
            [.. shards.SelectMany(s => s.Queue).OrderByDescending(q => q.Priority).ThenBy(q => q.QueuedAt).Take(limit)]);
    }

    /// <inheritdoc />
    public Task<WorkerSnapshot> GetWorkerAsync(string workerKey)
    {
        var (user, _, _) = WorkerKey.Parse(workerKey);
        CallerPrincipal.Current.DemandOwnerOrAdministrator(user, $"sync worker {workerKey}");
        return GrainFactory.GetGrain<ISyncWorkerGrain>(workerKey).GetSnapshotAsync();
    }

    /// <inheritdoc />
    public async Task<bool> RetryAsync(string workerKey)
    {
        var (user, _, _) = WorkerKey.Parse(workerKey);
        CallerPrincipal.Current.DemandOwnerOrAdministrator(user, $"sync worker {workerKey}");
        var shardCount = await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).GetShardCountAsync();
        for (var shard = 0; shard < shardCount; shard++)
        {
            if (await GrainFactory.GetGrain<IMonitorGrain>(shard).RetryNowAsync(workerKey))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public Task<DateTimeOffset> PingAsync() => Task.FromResult(time.GetUtcNow());
}
