using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansHa.Destinations;
using OrleansHa.Grains.Destinations;
using OrleansHa.Grains.Monitoring;
using OrleansHa.Security;
using OrleansHa.Sync;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Workers;

/// <summary>
/// The sync worker of one user, destination and batch. Runs are serialized: one pump (a one-way
/// request the worker sends itself) takes the highest-priority queued run, checks the destination,
/// marks the run in flight (persisted), runs the engine with the owner's access only, records the
/// report, and reports to its monitor shard. The grain is reentrant because a run lasts minutes and
/// status, progress and enqueue requests must answer meanwhile; every state change happens between
/// awaits on the grain's single thread, and state writes are serialized by <see cref="SaveAsync"/>.
/// </summary>
[Reentrant]
public sealed partial class SyncWorkerGrain(
    [PersistentState("worker")] IPersistentState<SyncWorkerState> state,
    IReplicaTransport transport,
    SyncEngine engine,
    RunSlots slots,
    DestinationThrottles throttles,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<SyncWorkerGrain> logger) : Grain, ISyncWorkerGrain, IRemindable
{
    private const string WatchdogReminder = "watchdog";
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _pumping;
    private bool _pumpAgain;
    private RunProgress? _progress;
    private string? _running;
    private bool _recovered;
    private QueuedRun[] _reportedQueue = [];
    private string? _waitingForSlot;

    private string Key => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.InFlight is { } lost)
        {
            // The activation that started this run is gone (the silo died or the grain was lost mid-run):
            // the run counts as failed and the pump reports it, outside this activation's first request.
            state.State.InFlight = null;
            AddFailed(lost);
            state.State.LastRun = FailedRecord(lost, time.GetUtcNow(), "the run was in flight when the silo stopped");
            state.State.Unrecorded.Add(state.State.LastRun);
            _recovered = true;
            LogRecovered(logger, Key, lost.FileSet);
        }

        if (_recovered || state.State.Queue.Count > 0 || state.State.Unrecorded.Count > 0)
        {
            CallerPrincipal.ActAsSilo();
            KickPump();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task AssignAsync(WorkerAssignment assignment)
    {
        CallerPrincipal.Current.DemandSilo("assign sync workers");
        var previous = state.State.Assignment;
        state.State.Assignment = assignment;
        state.State.Assignments++;
        var names = assignment.FileSets.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        state.State.Queue.RemoveAll(r => !names.Contains(r.FileSet));
        state.State.Failed.RemoveAll(r => !names.Contains(r.FileSet));
        foreach (var gone in state.State.NeedsOperator.Keys.Where(n => !names.Contains(n)).ToList())
        {
            state.State.NeedsOperator.Remove(gone);
        }

        foreach (var gone in state.State.Checkpoints.Where(c => !names.Contains(c)).ToList())
        {
            DeleteCheckpoint(gone);
        }

        await SaveAsync();
        LogAssigned(logger, Key, assignment.Shard, assignment.FileSets.Count, previous is null);
        if (state.State.Queue.Count > 0)
        {
            KickPump();
        }
    }

    /// <inheritdoc />
    public async Task StopAsync()
    {
        CallerPrincipal.Current.DemandSilo("stop sync workers");
        foreach (var name in state.State.Checkpoints.ToList())
        {
            DeleteCheckpoint(name);
        }

        var wasRunning = _running;
        state.State = new SyncWorkerState();
        await _writeLock.WaitAsync();
        try
        {
            await state.ClearStateAsync();
            state.State = new SyncWorkerState();
        }
        finally
        {
            _writeLock.Release();
        }

        await SetWatchdogAsync(false);
        LogStopped(logger, Key, wasRunning);
        DeactivateOnIdle();
    }

    /// <inheritdoc />
    public async Task<bool> EnqueueAsync(string fileSetName, int priority, string reason)
        => !(await QueueRunAsync(fileSetName, priority, reason)).Joined;

    /// <inheritdoc />
    public Task<QueuedRunTicket> QueueRunAsync(string fileSetName, int priority, string reason)
        => QueueRunAsync(fileSetName, priority, reason, allowMassDelete: false);

    /// <inheritdoc />
    public async Task<QueuedRunTicket> QueueRunAsync(string fileSetName, int priority, string reason, bool allowMassDelete)
    {
        var (user, _, _) = WorkerKey.Parse(Key);
        CallerPrincipal.Current.DemandOwnerOrAdministrator(user, $"sync worker {Key}");
        CallerPrincipal.ActAsSilo();
        var (_, destinationName, _) = WorkerKey.Parse(Key);
        var destination = await GrainFactory.GetGrain<IDestinationGrain>(destinationName).GetAsync();

        // The grain is reentrant: from the duplicate check to the add nothing may await, or a second request for the
        // same file set passes the check in the gap and the file set is queued twice.
        if (state.State.InFlight is { } inFlight && inFlight.FileSet == fileSetName && inFlight.RunId is { } runningId)
        {
            return new QueuedRunTicket(Key, runningId, Joined: true);
        }

        var queuedIndex = state.State.Queue.FindIndex(r => r.FileSet == fileSetName);
        if (queuedIndex >= 0)
        {
            var queued = state.State.Queue[queuedIndex];
            if (queued.RunId is { } queuedId && (queued.AllowMassDelete || !allowMassDelete))
            {
                return new QueuedRunTicket(Key, queuedId, Joined: true);
            }

            // Queued before runs had ids: it gets one now, so that the caller can wait for it. An operator's permission
            // to pass the delete guard goes to the run waiting, which is the one they wait for.
            queued = queued with { RunId = queued.RunId ?? NewRunId(), AllowMassDelete = queued.AllowMassDelete || allowMassDelete };
            state.State.Queue[queuedIndex] = queued;
            await SaveAsync();
            return new QueuedRunTicket(Key, queued.RunId!, Joined: true);
        }

        if (destination is { Definition.QueueLimit: > 0 and var limit } && state.State.Queue.Count >= limit)
        {
            // Refused, not dropped: the caller (a schedule tick or 'sync now') hears of it.
            throw new InvalidDefinitionException("queue-limit", $"{state.State.Queue.Count} run(s) already wait on worker {Key} for {destinationName}", $"at most {limit} waiting runs; wait for the queue to drain or raise the destination's queue limit");
        }

        var run = new QueuedRun(Key, fileSetName, priority, reason, time.GetUtcNow(), NewRunId(), allowMassDelete);
        state.State.Failed.RemoveAll(r => r.FileSet == fileSetName);
        state.State.Queue.Add(run);
        await SaveAsync();
        await SetWatchdogAsync(true);
        LogQueued(logger, Key, fileSetName, priority, reason);
        if (_running is not null)
        {
            // A run is in flight: the pump reports again only when it ends, so tell the monitor of the new waiting run now.
            await ReportAsync(null, null);
        }

        KickPump();
        return new QueuedRunTicket(Key, run.RunId!, Joined: false);
    }

    /// <inheritdoc />
    public async Task RetryAsync()
    {
        CallerPrincipal.Current.DemandSilo("retry sync workers");
        if (state.State.Failed.Count == 0)
        {
            return;
        }

        List<QueuedRun> failed = [.. state.State.Failed];
        List<QueuedRun> queue = [.. state.State.Queue];
        foreach (var run in state.State.Failed)
        {
            if (state.State.Queue.All(r => r.FileSet != run.FileSet) && _running != run.FileSet)
            {
                // A retry is a new run: an operator's permission to pass the delete guard was for the one that failed.
                state.State.Queue.Add(run with { Reason = "retry", QueuedAt = time.GetUtcNow(), RunId = NewRunId(), AllowMassDelete = false });
            }
        }

        state.State.Failed.Clear();
        try
        {
            await SaveAsync();
        }
        catch
        {
            // Not stored, so not retried: the failed runs wait for the monitor's next retry, as storage has them.
            state.State.Failed = failed;
            state.State.Queue = queue;
            throw;
        }

        await SetWatchdogAsync(true);
        KickPump();
    }

    /// <inheritdoc />
    public Task ResumeAsync()
    {
        CallerPrincipal.Current.DemandSilo("resume sync workers");
        if (state.State.Queue.Count > 0)
        {
            KickPump();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<WorkerSnapshot> GetSnapshotAsync()
    {
        var (user, _, _) = WorkerKey.Parse(Key);
        CallerPrincipal.Current.DemandOwnerOrAdministrator(user, $"sync worker {Key}");
        return Task.FromResult(Snapshot());
    }

    /// <inheritdoc />
    public async Task ResetAsync()
    {
        CallerPrincipal.Current.DemandSilo("reset sync workers");
        foreach (var name in state.State.Checkpoints.ToList())
        {
            DeleteCheckpoint(name);
        }

        state.State = new SyncWorkerState { Assignment = state.State.Assignment, Assignments = state.State.Assignments };
        await SaveAsync();
        await SetWatchdogAsync(false);
        LogReset(logger, Key);
    }

    /// <inheritdoc />
    public async Task ProcessQueueAsync()
    {
        var (user, _, _) = WorkerKey.Parse(Key);
        CallerPrincipal.Current.DemandOwnerOrAdministrator(user, $"sync worker {Key}");
        CallerPrincipal.ActAsSilo();
        if (_pumping)
        {
            // The running pump may already have looked at the queue for the last time (it is in its tail: reporting,
            // turning the watchdog off) and would return without this request's work: it goes round once more.
            _pumpAgain = true;
            return;
        }

        _pumping = true;
        try
        {
            do
            {
                _pumpAgain = false;
                await PumpAsync();
                if (_pumpAgain && (state.State.Queue.Count > 0 || state.State.Unrecorded.Count > 0))
                {
                    // The tail of the pass that ended may have turned the watchdog off after the kick turned it on.
                    await SetWatchdogAsync(true);
                }
            }
            while (_pumpAgain);
        }
        finally
        {
            _pumping = false;
        }
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // A reminder tick comes from inside the silo, whoever registered the reminder.
        CallerPrincipal.ActAsSilo();
        if (reminderName != WatchdogReminder)
        {
            return;
        }

        // Reaching here means the worker is active; OnActivateAsync has already turned a lost run into a
        // failure. Nothing queued and nothing in flight: the watchdog is no longer needed.
        if (state.State.Queue.Count == 0 && state.State.InFlight is null && state.State.Unrecorded.Count == 0 && !_pumping)
        {
            await SetWatchdogAsync(false);
        }
        else
        {
            KickPump();
        }
    }

    /// <summary>Starts the pump with a one-way call to itself, so the request that queued work returns at once.</summary>
    private void KickPump()
        => _ = GrainFactory.GetGrain<ISyncWorkerGrain>(Key).ProcessQueueAsync();

    private async Task SaveAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // What is in memory is no longer what is stored: the next request gets a fresh activation that starts
            // from storage (a lost run there is found and counted), never from a change that was not kept.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task SetWatchdogAsync(bool on)
    {
        if (on)
        {
            if (await this.GetReminder(WatchdogReminder) is null)
            {
                await this.RegisterOrUpdateReminder(WatchdogReminder, options.Value.CheckInterval, options.Value.CheckInterval);
            }
        }
        else if (await this.GetReminder(WatchdogReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static string NewRunId() => Guid.NewGuid().ToString("N");

    private void AddFailed(QueuedRun run)
    {
        state.State.Failed.RemoveAll(r => r.FileSet == run.FileSet);
        state.State.Failed.Add(run);
    }

    private WorkerState CurrentState()
        => _running is not null ? WorkerState.Running
            : _waitingForSlot is not null ? WorkerState.WaitingForSlot
            : state.State.NeedsOperator.Count > 0 ? WorkerState.NeedsOperator
            : state.State.Failed.Count > 0 ? WorkerState.Failed
            : state.State.WaitingFor is not null && state.State.Queue.Count > 0 ? WorkerState.WaitingForDestination
            : WorkerState.Idle;

    private WorkerSnapshot Snapshot()
        => new(Key, state.State.Assignment, CurrentState(), _progress, [.. state.State.Queue], state.State.LastRun, state.State.Checkpoints.Count, state.State.Assignments,
            state.State.InFlight?.RunId, state.State.Queue.Count > 0 ? _waitingForSlot ?? state.State.WaitingFor : null, NeedsOperatorReason(),
            RuntimeIdentity);

    /// <summary>Why the worker needs an operator: each refused file set with the guard's reason; null when none is.</summary>
    private string? NeedsOperatorReason()
        => state.State.NeedsOperator.Count == 0 ? null
            : string.Join("; ", state.State.NeedsOperator.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => $"{n.Key}: {n.Value}"));
}
