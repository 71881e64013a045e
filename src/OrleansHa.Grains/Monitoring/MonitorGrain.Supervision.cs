using OrleansHa.FileSets;
using OrleansHa.Security;
using OrleansHa.Status;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Monitoring;

/// <summary>
/// Supervision: worker reports, the retry policy and the periodic check. A failed run (one that
/// threw, or was in flight when the silo stopped) is retried at once up to
/// <see cref="MonitorOptions.ImmediateRetries"/> times, then every <see cref="MonitorOptions.RetryInterval"/>
/// (checked by the shard's reminder) until it succeeds or an operator retries it by hand. A worker
/// waiting for its destination is not failing; it starts again when the destination is back.
/// </summary>
public sealed partial class MonitorGrain
{
    /// <inheritdoc />
    public async Task ReportAsync(WorkerReport report)
    {
        CallerPrincipal.Current.DemandSilo("report worker state");
        CallerPrincipal.ActAsSilo();
        if (!state.State.Workers.TryGetValue(report.WorkerKey, out var record))
        {
            LogUnknownReport(logger, Shard, report.WorkerKey);
            return;
        }

        var live = Live(report.WorkerKey);
        live.State = report.State;
        live.Running = report.Running;
        live.Queue = report.Queue;
        if (report.State == WorkerState.WaitingForDestination)
        {
            record.LastError = report.Error;
        }

        if (report.LastRun is not { } run)
        {
            return;
        }

        if (run.Outcome == RunOutcome.Refused)
        {
            // The delete guard stopped the run: retrying would only trip it again, so no retry is scheduled and the
            // worker shows as needing an operator until a run gets through.
            record.NeedsOperator = true;
            record.Failures = 0;
            record.NextRetryAt = null;
            record.LastError = run.Error;
            record.LastRunAt = run.FinishedAt;
            _lastRuns[run.FileSet + "|" + run.Destination] = new FileSetStatus(run.FileSet, run.Destination, run.FinishedAt, run.Outcome);
            await state.WriteStateAsync();
            LogNeedsOperator(logger, Shard, report.WorkerKey, run.Error);
            return;
        }

        // Other file sets of the worker may still be refused: the worker's own state says.
        var needsOperator = report.State == WorkerState.NeedsOperator;
        if (record.NeedsOperator != needsOperator)
        {
            record.NeedsOperator = needsOperator;
            if (!needsOperator && run.Outcome != RunOutcome.Failed)
            {
                record.LastError = null;
            }

            await state.WriteStateAsync();
        }

        record.LastRunAt = run.FinishedAt;
        _lastRuns[run.FileSet + "|" + run.Destination] = new FileSetStatus(run.FileSet, run.Destination, run.FinishedAt, run.Outcome);
        if (run.Outcome != RunOutcome.Failed)
        {
            if (record.Failures > 0 || record.NextRetryAt is not null)
            {
                LogRecoveredWorker(logger, Shard, report.WorkerKey, record.Failures);
                record.Failures = 0;
                record.NextRetryAt = null;
                record.LastError = null;
                await state.WriteStateAsync();
            }

            return;
        }

        record.Failures++;
        record.LastError = run.Error;
        var immediate = record.Failures <= options.Value.ImmediateRetries;
        record.NextRetryAt = immediate ? null : time.GetUtcNow() + options.Value.RetryInterval;
        await state.WriteStateAsync();
        LogFailure(logger, Shard, report.WorkerKey, record.Failures, immediate, record.NextRetryAt, run.Error);
        if (immediate)
        {
            await GrainFactory.GetGrain<ISyncWorkerGrain>(report.WorkerKey).RetryAsync();
        }
    }

    /// <inheritdoc />
    public async Task DestinationReadyAsync(string destination)
    {
        CallerPrincipal.Current.DemandSilo("wake workers");
        CallerPrincipal.ActAsSilo();
        // A worker that needs an operator for one file set may hold runs of others waiting for the destination: its
        // state shows the operator's business first, so it is woken too (a worker with nothing queued ignores it).
        var waiting = _live.Where(l => l.Value.State is WorkerState.WaitingForDestination or WorkerState.NeedsOperator
                && state.State.Workers.TryGetValue(l.Key, out var r) && r.Destination == destination)
            .Select(l => l.Key).ToList();
        foreach (var chunk in waiting.Chunk(FanOut))
        {
            await Task.WhenAll(chunk.Select(k => GrainFactory.GetGrain<ISyncWorkerGrain>(k).ResumeAsync()));
        }

        LogWoken(logger, Shard, destination, waiting.Count);
    }

    /// <inheritdoc />
    public async Task CheckAsync()
    {
        CallerPrincipal.Current.DemandSilo("check workers");
        CallerPrincipal.ActAsSilo();
        await TryDeliverPendingAsync();
        var now = time.GetUtcNow();
        var due = state.State.Workers.Where(w => w.Value.NextRetryAt <= now).Select(w => w.Key).ToList();
        var retried = false;
        foreach (var key in due)
        {
            // The retry first, then the due time cleared: a crash or a failed call in between leaves the retry due
            // (at worst it is sent twice, and a worker queues a file set once), never lost.
            LogSlowRetry(logger, Shard, key, state.State.Workers[key].Failures);
            try
            {
                await GrainFactory.GetGrain<ISyncWorkerGrain>(key).RetryAsync();
            }
            catch (Exception e)
            {
                LogRetryNotDelivered(logger, e, Shard, key);
                continue;
            }

            if (state.State.Workers.TryGetValue(key, out var record))
            {
                record.NextRetryAt = null;
                retried = true;
            }
        }

        if (retried)
        {
            await state.WriteStateAsync();
        }

        // Workers the table believes busy are asked how they are; a worker lost with its silo is
        // activated by this call and reports its lost run as a failure.
        var busy = _live.Where(l => l.Value.State is WorkerState.Running or WorkerState.WaitingForDestination or WorkerState.WaitingForSlot).Select(l => l.Key).ToList();
        foreach (var key in busy)
        {
            var snapshot = await GrainFactory.GetGrain<ISyncWorkerGrain>(key).GetSnapshotAsync();
            if (_live.TryGetValue(key, out var live) && live.State is WorkerState.Running or WorkerState.WaitingForSlot && snapshot.State != live.State)
            {
                live.State = snapshot.State;
                live.Queue = snapshot.Queue;
                live.Running = null;
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> RetryNowAsync(string workerKey)
    {
        var (user, _, _) = WorkerKey.Parse(workerKey);
        CallerPrincipal.Current.DemandOwnerOrAdministrator(user, $"sync worker {workerKey}");
        CallerPrincipal.ActAsSilo();
        if (!state.State.Workers.TryGetValue(workerKey, out var record))
        {
            return false;
        }

        record.Failures = 0;
        record.NextRetryAt = null;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ISyncWorkerGrain>(workerKey).RetryAsync();
        return true;
    }

    /// <inheritdoc />
    public async Task ColdStartAsync()
    {
        CallerPrincipal.Current.DemandSilo("cold-start the monitor");
        CallerPrincipal.ActAsSilo();
        var keys = state.State.Workers.Keys.ToList();
        foreach (var chunk in keys.Chunk(FanOut))
        {
            await Task.WhenAll(chunk.Select(k => GrainFactory.GetGrain<ISyncWorkerGrain>(k).ResetAsync()));
        }

        state.State.Workers.Clear();
        _byUser.Clear();
        _live.Clear();
        _lastRuns.Clear();
        await state.WriteStateAsync();
        LogColdStart(logger, Shard, keys.Count);
    }

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // A reminder tick comes from inside the silo, whoever registered the reminder.
        CallerPrincipal.ActAsSilo();
        return reminderName == CheckReminder ? CheckAsync() : Task.CompletedTask;
    }

    private LiveWorker Live(string key)
    {
        if (!_live.TryGetValue(key, out var live))
        {
            _live[key] = live = new LiveWorker();
        }

        return live;
    }
}
