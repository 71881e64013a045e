using Orleans;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// Activation order (as in Orleans): the first request creates the activation and queues; then, in this context,
/// 1. the grain is constructed through DI ([PersistentState] parameters bound to their storage providers),
/// 2. every persistent state is read, 3. <c>OnActivateAsync</c> runs, 4. the queued requests start.
/// If any step throws, every queued request fails with that exception and the activation is dropped.
///
/// Deactivation order: 1. no new request starts (they wait), 2. running requests finish, 3. timers stop,
/// 4. <c>OnDeactivateAsync</c> runs (errors are logged), 5. the activation leaves the directory, 6. requests that waited
/// go to a new activation. A kill skips 3–4 and fails waiting requests.
/// </summary>
internal sealed partial class ActivationData
{
    private List<IActivationStateParticipant>? _states;
    private long _lastActive;
    private long _keepAliveUntil;
    private DeactivationReason _reason;
    private DeactivationReason? _pendingDeactivation;
    private bool _deactivationPosted;
    private TaskCompletionSource? _deactivated;

    /// <summary>Completes when this activation has left the directory.</summary>
    public Task Deactivated
    {
        get
        {
            lock (_lock)
            {
                return _state == ActivationState.Invalid ? Task.CompletedTask
                    : (_deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    /// <summary>Registers a persistent state to be read before <c>OnActivateAsync</c> (called during construction).</summary>
    public void AddState(IActivationStateParticipant state) => (_states ??= []).Add(state);

    public void DeactivateOnIdle()
        => StartDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var now = Runtime.TimeProvider.GetTimestamp();
        _keepAliveUntil = timeSpan <= TimeSpan.Zero ? 0
            : timeSpan == TimeSpan.MaxValue ? long.MaxValue
            : SaturatingAdd(now, (long)Math.Min(timeSpan.TotalSeconds * Runtime.TimeProvider.TimestampFrequency, long.MaxValue / 2.0));
    }

    /// <summary>Whether idle collection should take this activation now.</summary>
    public bool IsCollectible(long now, TimeSpan age)
        => _state == ActivationState.Valid && IsIdle && now >= _keepAliveUntil
            && Runtime.TimeProvider.GetElapsedTime(_lastActive, now) >= age;

    /// <summary>The reminder service, for a grain that may use reminders.</summary>
    /// <exception cref="InvalidOperationException">The grain is not <see cref="IRemindable"/>, or no reminder table is configured.</exception>
    public ReminderService Reminders(IGrainBase grain)
    {
        if (grain is not IRemindable)
        {
            throw new InvalidOperationException($"Grain {GrainId} ({grain.GetType().FullName}) does not implement IRemindable, so it cannot use reminders.");
        }

        return Runtime.Reminders
            ?? throw new InvalidOperationException("No reminder service is configured: call UseInMemoryReminderService() or register a reminder table (e.g. SQLite) on the silo builder.");
    }

    public void MarkActive() => _lastActive = Runtime.TimeProvider.GetTimestamp();

    public void StartDeactivation(DeactivationReason reason)
    {
        var post = false;
        lock (_lock)
        {
            if (_state is ActivationState.Created or ActivationState.Activating)
            {
                _pendingDeactivation ??= reason;
                return;
            }

            if (_state != ActivationState.Valid)
            {
                return;
            }

            _state = ActivationState.Deactivating;
            _reason = reason;
            if (_running == 0)
            {
                _deactivationPosted = true;
                post = true;
            }
        }

        if (post)
        {
            Post(static s => _ = ((ActivationData)s!).FinishDeactivationAsync(), this);
        }
    }

    /// <summary>Ends the activation at once, as a crash would: no timers, no OnDeactivateAsync, waiting requests fail.</summary>
    public void Kill()
    {
        List<WorkRequest> waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = TakeWaitingLocked();
        }

        StopTimers();
        foreach (var request in waiting)
        {
            request.Fail(new SiloUnavailableException($"The silo was killed before {GrainId} could serve this request."));
        }

        _deactivated?.TrySetResult();
    }

    private async Task ActivateAsync()
    {
        try
        {
            _grain = Construct();
            if (_states is not null || ClassInfo.OverridesOnActivate)
            {
                using var timeout = new CancellationTokenSource(Runtime.CollectionOptions.ActivationTimeout, Runtime.TimeProvider);
                foreach (var state in _states ?? [])
                {
                    await state.ReadStateAsync(timeout.Token);
                }

                if (_grain is IGrainBase grain)
                {
                    await grain.OnActivateAsync(timeout.Token);
                }
            }
        }
        catch (Exception exception)
        {
            FailActivation(exception);
            return;
        }

        bool schedule;
        DeactivationReason? pending;
        lock (_lock)
        {
            _state = ActivationState.Valid;
            _lastActive = Runtime.TimeProvider.GetTimestamp();
            schedule = DrainLocked();
            pending = _pendingDeactivation;
        }

        if (schedule)
        {
            QueueOnThreadPool();
        }

        if (pending is { } reason)
        {
            StartDeactivation(reason);
        }
    }

    private void FailActivation(Exception exception)
    {
        Runtime.Log.ActivationFailed(exception, GrainId);
        List<WorkRequest> waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = TakeWaitingLocked();
        }

        StopTimers();
        Runtime.Directory.Remove(this);
        foreach (var request in waiting)
        {
            request.Fail(exception);
        }

        _deactivated?.TrySetResult();
    }

    private async Task FinishDeactivationAsync()
    {
        StopTimers();
        if (_grain is IGrainBase grain && ClassInfo.OverridesOnDeactivate)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Runtime.CollectionOptions.DeactivationTimeout, Runtime.TimeProvider);
                await grain.OnDeactivateAsync(_reason, timeout.Token);
            }
            catch (Exception exception)
            {
                Runtime.Log.DeactivationFailed(exception, GrainId);
            }
        }

        Runtime.Directory.Remove(this);
        List<WorkRequest> waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = TakeWaitingLocked();
        }

        Runtime.Log.Deactivated(GrainId, _reason.ReasonCode);
        _deactivated?.TrySetResult();
        foreach (var request in waiting)
        {
            Runtime.Dispatch(request);
        }
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
