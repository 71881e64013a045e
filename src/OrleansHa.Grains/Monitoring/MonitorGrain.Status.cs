using OrleansHa.Security;
using OrleansHa.Status;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Monitoring;

/// <summary>STATUS from the shard's cached table; no worker is called.</summary>
public sealed partial class MonitorGrain
{
    /// <inheritdoc />
    public Task<ShardStatus> GetStatusAsync(StatusQuery query)
    {
        var caller = CallerPrincipal.Current;
        var user = caller.HasAdministratorRights ? query.User : caller.Name;
        IEnumerable<KeyValuePair<string, MonitorWorkerRecord>> rows = state.State.Workers;
        if (user is not null)
        {
            rows = _byUser.TryGetValue(user, out var keys)
                ? keys.Select(k => new KeyValuePair<string, MonitorWorkerRecord>(k, state.State.Workers[k]))
                : [];
        }

        int idle = 0, running = 0, waiting = 0, failed = 0, needsOperator = 0, fileSets = 0;
        var workers = new List<WorkerStatus>();
        var queue = new List<QueuedRun>();
        var lastRuns = new List<FileSetStatus>();
        var limit = Math.Max(0, query.Limit);
        foreach (var (key, record) in rows)
        {
            _live.TryGetValue(key, out var live);
            var workerState = StateOf(record, live);
            switch (workerState)
            {
                case WorkerState.Running: running++; break;
                case WorkerState.WaitingForDestination or WorkerState.WaitingForSlot: waiting++; break;
                case WorkerState.NeedsOperator: needsOperator++; break;
                case WorkerState.Failed: failed++; break;
                default: idle++; break;
            }

            fileSets += record.FileSets.Count;
            if ((query.IncludeIdle || workerState != WorkerState.Idle) && workers.Count < limit)
            {
                workers.Add(new WorkerStatus(key, Shard, workerState, [.. record.FileSets.Select(f => f.Name)], live?.Running, null,
                    record.Failures, record.NextRetryAt, record.LastError, record.LastRunAt));
            }

            if (live is not null && queue.Count < limit)
            {
                queue.AddRange(live.Queue.Take(limit - queue.Count));
            }

            if (lastRuns.Count < limit && (query.IncludeIdle || user is not null))
            {
                foreach (var f in record.FileSets)
                {
                    var fileSetKey = OrleansHa.FileSets.FileSetKey.Format(record.User, f.Name);
                    if (_lastRuns.TryGetValue(fileSetKey + "|" + record.Destination, out var last) && lastRuns.Count < limit)
                    {
                        lastRuns.Add(last);
                    }
                }
            }
        }

        return Task.FromResult(new ShardStatus(Shard, new WorkerCounts(idle, running, waiting, failed, needsOperator), fileSets, workers, lastRuns, queue));
    }

    private static WorkerState StateOf(MonitorWorkerRecord record, LiveWorker? live)
        => live is { State: not WorkerState.Idle } ? live.State
            : record.NeedsOperator ? WorkerState.NeedsOperator
            : record.Failures > 0 ? WorkerState.Failed
            : WorkerState.Idle;
}
