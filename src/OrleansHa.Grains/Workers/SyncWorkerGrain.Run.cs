using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Destinations;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Sync;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Workers;

/// <summary>The pump: runs queued file sets one at a time, highest priority first.</summary>
public sealed partial class SyncWorkerGrain
{
    private async Task PumpAsync()
    {
        if (_recovered)
        {
            // The lost run is stored as failed, its record pending, before it is recorded and reported.
            _recovered = false;
            await SaveAsync();
            await RecordPendingAsync();
            await ReportAsync(state.State.LastRun, "the run was in flight when the silo stopped");
        }
        else
        {
            await RecordPendingAsync();
        }

        while (state.State.Queue.Count > 0 && state.State.Assignment is not null)
        {
            if (await BackupRefusalAsync() is { } backup)
            {
                // A backup runs no file sets of its own: production's replicate to it. The runs wait, as for a
                // disabled destination; when this system becomes production, the group queues runs, which wake it.
                await WaitAsync(backup);
                return;
            }

            var (_, destinationName, _) = WorkerKey.Parse(Key);
            var destination = await GrainFactory.GetGrain<IDestinationGrain>(destinationName).GetAsync();
            if (destination is not null && destination.SyncEnabled && !destination.Available)
            {
                destination = await GrainFactory.GetGrain<IDestinationGrain>(destinationName).ProbeAsync();
            }

            if (destination is null)
            {
                // A removed destination does not come back by itself: its queued runs end here instead of waiting for
                // ever (a 'sync now' waiting for one of them hears that it ended without a report).
                var dropped = state.State.Queue.Count;
                state.State.Queue.Clear();
                state.State.WaitingFor = null;
                await SaveAsync();
                LogDroppedForRemovedDestination(logger, Key, dropped, destinationName);
                await ReportAsync(null, $"destination {destinationName} is not defined; {dropped} queued run(s) dropped");
                break;
            }

            if (!destination.Ready)
            {
                // Not a failure: the runs stay queued and the monitor starts the worker again when the
                // destination grain reports the destination back (or enabled).
                await WaitAsync(!destination.SyncEnabled ? $"sync to {destinationName} is disabled"
                    : $"destination {destinationName} is unavailable: {destination.ProbeError}");
                return;
            }

            state.State.WaitingFor = null;
            var current = state.State;
            // The silo's limit on concurrent runs: a slot first (at the priority of the run that would go), then the
            // pick. While this worker waited, its queue may have changed (a run of higher priority came, or the worker was
            // stopped): the pick is made once the slot is held.
            var slot = slots.TryAcquire();
            if (slot is null)
            {
                var best = state.State.Queue.Max(r => r.Priority);
                _waitingForSlot = $"a run slot of this silo (all {slots.Limit} are taken; Monitor:MaxConcurrentRuns)";
                LogWaiting(logger, Key, _waitingForSlot);
                await ReportAsync(null, _waitingForSlot);
                try
                {
                    slot = await slots.AcquireAsync(best, CancellationToken.None);
                }
                finally
                {
                    _waitingForSlot = null;
                }

                if (!ReferenceEquals(state.State, current) || state.State.Queue.Count == 0 || state.State.Assignment is null)
                {
                    slot.Dispose();
                    if (!ReferenceEquals(state.State, current))
                    {
                        return;
                    }

                    continue;
                }
            }

            using (slot)
            {
                var run = state.State.Queue.OrderByDescending(r => r.Priority).ThenBy(r => r.QueuedAt).First();
                // The run counts as running from the moment it leaves the queue, before the save awaits: an enqueue of
                // the same file set arriving meanwhile (the grain is reentrant) must find it running, not missing.
                state.State.Queue.Remove(run);
                state.State.InFlight = run;
                // The run may change the target: from the save below no checkpoint anywhere is trusted until this run
                // stamps its own (see SyncWorkerGrain.Checkpoints.cs).
                var stamp = state.State.CheckpointStamps.Remove(run.FileSet, out var previousStamp) ? previousStamp : null;
                _running = run.FileSet;
                _progress = new RunProgress(FileSetKey.Format(WorkerKey.Parse(Key).User, run.FileSet), 0, 0, 0, 0);
                try
                {
                    await SaveAsync();
                }
                catch
                {
                    // Not started after all: the run goes back to the queue for the next pump.
                    _running = null;
                    _progress = null;
                    state.State.InFlight = null;
                    state.State.Queue.Add(run);
                    RestoreStamp(run.FileSet, stamp);
                    throw;
                }

                await ReportAsync(null, null);

                RunRecord? record;
                try
                {
                    record = await RunOneAsync(run, destination.Definition, stamp);
                }
                finally
                {
                    _running = null;
                    _progress = null;
                }

                if (!ReferenceEquals(state.State, current))
                {
                    // The worker was stopped or reset while this run went on: its state is gone, and so is the run.
                    return;
                }

                if (record is null)
                {
                    state.State.InFlight = null;
                    await SaveAsync();
                    continue;
                }

                if (record.Outcome == RunOutcome.Failed)
                {
                    // A failure while the destination went away is a wait, not a failure. The run stays in flight during
                    // the probe, so that whoever waits for it by its id never finds it neither running, queued nor ended.
                    var recheck = await GrainFactory.GetGrain<IDestinationGrain>(destinationName).ProbeAsync();
                    if (!ReferenceEquals(state.State, current))
                    {
                        return;
                    }

                    if (!recheck.Ready)
                    {
                        state.State.InFlight = null;
                        state.State.Queue.Add(run);
                        await SaveAsync();
                        continue;
                    }

                    AddFailed(run);
                }
                else if (record.Outcome == RunOutcome.Refused)
                {
                    // Not a failure the monitor retries: the same run would only trip the guard again. An operator looks.
                    state.State.NeedsOperator[run.FileSet] = record.Error ?? "the delete guard refused the run";
                    LogNeedsOperator(logger, Key, run.FileSet, record.Error);
                }
                else
                {
                    // A run that got through (let through, or after the source was fixed) ends the need for an operator.
                    state.State.NeedsOperator.Remove(run.FileSet);
                }

                state.State.InFlight = null;

                // Order of the writes: the worker's state, holding the record as unrecorded, then the file set and the
                // activity log (each idempotent by run id), then the mark cleared. A crash between any two leaves the mark,
                // and the next pump records the run again instead of losing it.
                state.State.LastRun = record;
                state.State.Unrecorded.Add(record);
                await SaveAsync();
                await RecordPendingAsync();
                await ReportAsync(record, record.Error);
            }
        }

        if (state.State.Queue.Count == 0 && state.State.InFlight is null && state.State.Unrecorded.Count == 0)
        {
            await SetWatchdogAsync(false);
        }
        else if (state.State.Unrecorded.Count > 0)
        {
            // A record that could not be written is tried again at the watchdog's next tick.
            await SetWatchdogAsync(true);
        }
    }

    /// <summary>Runs one file set; null when the run no longer applies (file set gone, suspended, moved).</summary>
    /// <param name="run">The run.</param>
    /// <param name="destination">Its destination.</param>
    /// <param name="stamp">The run id that wrote the checkpoint this worker last trusted, before this run cleared it.</param>
    private async Task<RunRecord?> RunOneAsync(QueuedRun run, DestinationDefinition destination, string? stamp)
    {
        var (user, destinationName, batch) = WorkerKey.Parse(Key);
        var started = time.GetUtcNow();
        var fileSetKey = FileSetKey.Format(user, run.FileSet);
        var fileSet = await GrainFactory.GetGrain<IFileSetGrain>(fileSetKey).GetAsync();
        var profile = await GrainFactory.GetGrain<IUserGrain>(user).GetAsync();
        var target = fileSet?.Definition.Targets.FirstOrDefault(t => t.Destination == destinationName);
        if (fileSet is null || target is null || fileSet.Definition.BatchId != batch || fileSet.Suspended || profile is null || profile.Suspended)
        {
            // Nothing ran: the checkpoint stands as it was.
            RestoreStamp(run.FileSet, stamp);
            LogDropped(logger, Key, run.FileSet);
            return null;
        }

        var definition = fileSet.Definition;
        var scope = new AccessScope(profile.Definition.Roots, profile.Definition.Uid, profile.Definition.Gid);
        var o = definition.Options;
        var syncOptions = new SyncOptions(o.MirrorDeletes, o.Verify, o.PreserveMetadata, o.Durable)
        {
            MassDeleteShare = o.MassDeleteShare ?? FileSetOptions.DefaultMassDeleteShare,
            MassDeleteMinimum = o.MassDeleteMinimum ?? FileSetOptions.DefaultMassDeleteMinimum,
        };
        var spec = new FileSetSpec(definition.SourceRoot, definition.Include, definition.Exclude, syncOptions);
        var progress = new ProgressSink(this, fileSetKey);
        try
        {
            var syncTarget = await transport.OpenTargetAsync(destination, target.TargetPath, user, scope, o.Durable, run.Priority, CancellationToken.None);
            SyncReport report;
            // The destination's bandwidth limit may change while the run goes on: looked at again every second.
            using var bandwidth = destination.Transport == DestinationTransport.Silo ? FollowBandwidthLimit(destinationName) : null;
            try
            {
                var manifest = CheckpointPath(run.FileSet);
                Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
                DropUntrustedCheckpoint(run.FileSet, stamp);
                var request = new SyncRequest(spec, syncTarget, scope, manifest) { AllowMassDelete = run.AllowMassDelete };
                report = await engine.RunAsync(request, progress, CancellationToken.None);
            }
            finally
            {
                (syncTarget as IDisposable)?.Dispose();
            }

            StampCheckpoint(run.FileSet, run.RunId ?? NewRunId(), o.Durable);

            var failed = report.Failures.Take(options.Value.MaxFailedPathsPerRun).Select(f => $"{f.Path}: {f.Reason}").ToArray();
            var outcome = report.Failures.Count == 0 ? RunOutcome.Succeeded : RunOutcome.CompletedWithErrors;
            LogRan(logger, Key, run.FileSet, outcome, report.FilesCopied, report.BytesCopied);
            return new RunRecord(fileSetKey, destinationName, run.Reason, started, time.GetUtcNow(), outcome,
                report.FilesScanned, report.FilesCopied, report.FilesDeleted, report.BytesCopied, failed, null, run.RunId,
                report.ResumedBytes, report.LiteralBytes, report.MatchedBytes);
        }
        catch (MassDeleteRefusedException refused)
        {
            // Stopped after planning, before anything changed at the target: reported as refused, with why and what
            // to do next, and the worker waits for an operator.
            // The engine left the target and the checkpoint as they were, so the checkpoint is still this worker's.
            RestoreStamp(run.FileSet, stamp);
            LogRefused(logger, Key, run.FileSet, refused.WouldDelete, refused.DestinationFiles);
            var error = $"{refused.Message} The worker needs an operator: fix the source, or let this run through once with 'sync now {fileSetKey} --destination {destinationName} --allow-mass-delete'.";
            return new RunRecord(fileSetKey, destinationName, run.Reason, started, time.GetUtcNow(), RunOutcome.Refused, 0, 0, 0, 0, [], error, run.RunId);
        }
        catch (Exception e)
        {
            LogRunFailed(logger, e, Key, run.FileSet);
            return FailedRecord(run, started, e.Message);
        }
    }

    /// <summary>
    /// While a run to a silo destination goes on, reads the destination's bandwidth limit every
    /// <see cref="DestinationThrottles.RefreshInterval"/> and applies it to this silo's throttle of it, so that a
    /// change made on another silo reaches the transfer waiting here.
    /// </summary>
    private IDisposable FollowBandwidthLimit(string destinationName)
        => this.RegisterGrainTimer(
            async _ =>
            {
                // A timer tick comes from inside the silo.
                CallerPrincipal.ActAsSilo();
                if (await GrainFactory.GetGrain<IDestinationGrain>(destinationName).GetAsync() is { } info)
                {
                    throttles.SetRate(destinationName, info.Definition.BandwidthLimit);
                }
            },
            (object?)null,
            new GrainTimerCreationOptions(DestinationThrottles.RefreshInterval, DestinationThrottles.RefreshInterval) { Interleave = true });

    private RunRecord FailedRecord(QueuedRun run, DateTimeOffset started, string error)
    {
        var (user, destination, _) = WorkerKey.Parse(Key);
        return new RunRecord(FileSetKey.Format(user, run.FileSet), destination, run.Reason, started, time.GetUtcNow(), RunOutcome.Failed, 0, 0, 0, 0, [], error, run.RunId);
    }

    /// <summary>
    /// Records the finished runs not yet recorded, oldest first, on their file set and in the activity log; a run
    /// whose record fails stays pending (with the ones after it) for the next pump.
    /// </summary>
    private async Task RecordPendingAsync()
    {
        var (user, _, _) = WorkerKey.Parse(Key);
        var current = state.State;
        var recorded = 0;
        foreach (var record in current.Unrecorded.ToList())
        {
            try
            {
                await GrainFactory.GetGrain<IFileSetGrain>(record.FileSet).RecordRunAsync(record);
                await GrainFactory.GetGrain<IActivityLogGrain>(user).AppendAsync(record);
            }
            catch (Exception e)
            {
                LogRecordFailed(logger, e, Key, record.FileSet);
                break;
            }

            current.Unrecorded.Remove(record);
            recorded++;
        }

        if (recorded == 0 || !ReferenceEquals(state.State, current))
        {
            return;
        }

        try
        {
            await SaveAsync();
        }
        catch (Exception e)
        {
            // Storage still holds the marks: the next activation records those runs again, which changes nothing.
            LogRecordFailed(logger, e, Key, "(clearing the recorded marks)");
        }
    }

    private async Task ReportAsync(RunRecord? lastRun, string? error)
    {
        if (state.State.Assignment is not { } assignment)
        {
            return;
        }

        QueuedRun[] queue = [.. state.State.Queue];
        _reportedQueue = queue;
        var report = new WorkerReport(Key, CurrentState(), _running, queue, lastRun, error);
        try
        {
            await GrainFactory.GetGrain<IMonitorGrain>(assignment.Shard).ReportAsync(report);
        }
        catch (Exception e)
        {
            // The monitor's periodic check finds the worker's state again; a lost report is not fatal.
            LogReportFailed(logger, e, Key);
        }
    }

    /// <summary>Receives the engine's progress (on any thread) and keeps the latest for status requests.</summary>
    private sealed class ProgressSink(SyncWorkerGrain grain, string fileSet) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value)
            => Volatile.Write(ref grain._progress, new RunProgress(fileSet, value.FilesDone, value.FilesTotal, value.BytesDone, value.BytesTotal));
    }
}
