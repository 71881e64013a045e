using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansHa.Destinations;
using OrleansHa.Grains.Roles;
using OrleansHa.Monitoring;
using OrleansHa.Roles;
using OrleansHa.Security;
using OrleansHa.Status;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Status;

/// <summary>
/// STATUS: gathers the monitor shards' cached tables (no worker is called for them), the live
/// progress of the few running workers, and the destinations' last probes. A user sees only their own. Every report
/// carries this system's role gate; the administrator's, on production, the last readiness check of a switch-over.
/// </summary>
[StatelessWorker]
public sealed partial class StatusGrain(TimeProvider time, ILogger<StatusGrain> logger) : Grain, IStatusGrain
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

        var gate = await RoleGates.GetAsync(GrainFactory);
        var readiness = caller.HasAdministratorRights && gate.Role == SystemRole.Production ? await ReadinessAsync(gate) : null;
        return new StatusReport(
            time.GetUtcNow(),
            shardCount,
            shards.Aggregate(WorkerCounts.None, (sum, s) => sum.Add(s.Counts)),
            shards.Sum(s => s.FileSetCount),
            workers,
            [.. shards.SelectMany(s => s.FileSets).OrderByDescending(f => f.LastRunAt).Take(limit)],
            destinations,
            [.. shards.SelectMany(s => s.Queue).OrderByDescending(q => q.Priority).ThenBy(q => q.QueuedAt).Take(limit)],
            gate,
            readiness);
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

    /// <summary>
    /// The group's last readiness check (redone by the group when old). STATUS never fails for it: a backup that does
    /// not answer is an item of the check, and a check that could not be made at all is reported as one failing item.
    /// </summary>
    private async Task<ReadinessReport?> ReadinessAsync(RoleGate gate)
    {
        try
        {
            return await GrainFactory.GetGrain<IHaGroupGrain>(HaGroups.Default).GetLastReadinessAsync();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogReadinessFailed(logger, gate.LocalSystem, error);
            var item = new ReadinessItem(ReadinessCategory.Group, gate.LocalSystem, Ready: false,
                $"the readiness check could not be made ({error.GetType().Name}: {error.Message}); run role check for the details.");
            return new ReadinessReport(time.GetUtcNow(), gate.LocalSystem, "the backup", Ready: false, Score: 0, [item], ClockSkew: null);
        }
    }

    [LoggerMessage(EventId = 7150, Level = LogLevel.Warning, Message = "STATUS on {System}: the readiness check could not be made")]
    private static partial void LogReadinessFailed(ILogger logger, string system, Exception error);
}
