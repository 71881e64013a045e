using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>Grain timers: registered by the grain, ticking in this context, all stopped when the activation ends.</summary>
internal sealed partial class ActivationData
{
    private List<GrainTimer>? _timers;

    public IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(this, callback, state, options);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating; it cannot register timers now.");
            }

            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    /// <summary>Called from the timer's thread: runs the tick here, as a request unless it interleaves.</summary>
    public void Tick(GrainTimer timer, bool interleave)
    {
        if (_state != ActivationState.Valid)
        {
            timer.OnTickDropped();
            return;
        }

        if (interleave)
        {
            Post(static s => { var t = (GrainTimer)s!; _ = t.RunTickAsync(t.Activation, null); }, timer);
        }
        else if (!TryEnqueue(new TimerTickRequest(timer, this)))
        {
            timer.OnTickDropped();
        }
    }

    private void StopTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = _timers?.ToArray() ?? [];
            _timers = null;
        }

        foreach (var timer in timers)
        {
            timer.Stop();
        }
    }
}
