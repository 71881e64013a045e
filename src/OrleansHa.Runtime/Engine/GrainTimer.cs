using System.Collections.Immutable;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// A grain timer. The next tick is armed only after the previous callback finished, so ticks never overlap; a throwing
/// callback is logged and the timer goes on. Ticks come from the runtime's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly bool _interleave;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ITimer _timer;
    private readonly TimeSpan _dueTime;
    private TimeSpan _period;
    private TimeSpan? _rescheduleDue;
    private bool _ticking;
    private bool _stopped;

    public GrainTimer(ActivationData activation, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        Validate(options.DueTime, options.Period);
        Activation = activation;
        _callback = callback;
        _state = state;
        _interleave = options.Interleave;
        KeepAlive = options.KeepAlive;
        _dueTime = options.DueTime;
        _period = options.Period;
        _timer = activation.Runtime.TimeProvider.CreateTimer(static s => ((GrainTimer)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ActivationData Activation { get; }

    public bool KeepAlive { get; }

    public bool IsStopped => Volatile.Read(ref _stopped);

    public void Start()
    {
        lock (_lock)
        {
            if (!_stopped)
            {
                _timer.Change(_dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, period);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            _period = period;
            if (_ticking)
            {
                _rescheduleDue = dueTime;
            }
            else
            {
                _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose()
    {
        Stop();
        Activation.RemoveTimer(this);
    }

    public void Stop()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        _timer.Dispose();
        _cancellation.Cancel();
    }

    public void OnTickDropped()
    {
        lock (_lock)
        {
            _ticking = false;
        }
    }

    public async Task RunTickAsync(ActivationData activation, TimerTickRequest? request)
    {
        // Calls made from a tick carry this grain in their chain, with an empty request context.
        CallContext.Current = new CallContextData(ImmutableDictionary<string, object>.Empty, activation.GrainId, null);
        try
        {
            if (!IsStopped)
            {
                await _callback(_state, _cancellation.Token);
            }
        }
        catch (Exception exception)
        {
            activation.Runtime.Log.TimerCallbackFailed(exception, activation.GrainId);
        }
        finally
        {
            if (request is not null)
            {
                activation.OnRequestCompleted(request, null);
            }
            else if (KeepAlive)
            {
                activation.MarkActive();
            }

            ArmNext();
        }
    }

    private static void Validate(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time must be zero or more, or Timeout.InfiniteTimeSpan.");
        }

        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be zero or more, or Timeout.InfiniteTimeSpan.");
        }
    }

    private void Fire()
    {
        lock (_lock)
        {
            if (_stopped || _ticking)
            {
                return;
            }

            _ticking = true;
        }

        Activation.Tick(this, _interleave);
    }

    private void ArmNext()
    {
        lock (_lock)
        {
            _ticking = false;
            if (_stopped)
            {
                return;
            }

            var next = _rescheduleDue ?? _period;
            _rescheduleDue = null;
            if (next != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(next, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
