namespace OrleansHa.Sync;

/// <summary>
/// A token bucket in bytes per second: the bandwidth limit of one destination, shared by every run to it. The bucket
/// holds at most a small burst (<see cref="BurstDuration"/> worth of the rate) and starts full. A waiter is granted
/// once the bucket holds its bytes (or the whole burst, for a send larger than the burst); its bytes are then taken,
/// and a send larger than the burst leaves the bucket in debt that the next waiter waits out, so over many sends the
/// rate holds whatever their size. Waiters are served strictly in order, highest priority first, equal priorities in
/// arrival order: a small send of low priority does not pass a large one of higher priority. The rate may change
/// while transfers wait (<see cref="SetRate"/>); 0 means unlimited, which releases every waiter at once. Time comes
/// from the <see cref="TimeProvider"/> (one timer, armed for the head waiter). Thread-safe.
/// </summary>
public sealed class TransferThrottle : ITransferThrottle, IDisposable
{
    /// <summary>How much of the rate the bucket holds when full: a tenth of a second.</summary>
    public static readonly TimeSpan BurstDuration = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private readonly List<Waiter> _waiters = [];
    private readonly ITimer _timer;
    private long _rate;
    private double _tokens;
    private long _refilledAt;
    private bool _disposed;

    /// <summary>Creates the throttle.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="bytesPerSecond">The rate; 0 (or less) is unlimited.</param>
    public TransferThrottle(TimeProvider time, long bytesPerSecond = 0)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _rate = Math.Max(0, bytesPerSecond);
        _tokens = Capacity(_rate);
        _refilledAt = time.GetTimestamp();
        _timer = time.CreateTimer(static s => ((TransferThrottle)s!).Serve(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The rate in bytes per second; 0 is unlimited.</summary>
    public long BytesPerSecond
    {
        get
        {
            lock (_lock)
            {
                return _rate;
            }
        }
    }

    /// <summary>Sends waiting now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Changes the rate; waiting sends are served at the new rate from now on. 0 (or less) is unlimited.</summary>
    public void SetRate(long bytesPerSecond)
    {
        lock (_lock)
        {
            var rate = Math.Max(0, bytesPerSecond);
            if (rate == _rate)
            {
                return;
            }

            // What the old rate earned until now is kept; from now on the bucket fills at the new rate.
            Refill();
            _rate = rate;
            _tokens = Math.Min(_tokens, Capacity(rate));
        }

        Serve();
    }

    /// <inheritdoc />
    public ValueTask WaitAsync(long bytes, int priority, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_waiters.Count == 0 && TryTake(bytes))
            {
                return ValueTask.CompletedTask;
            }

            waiter = new Waiter(bytes, priority);
            // Behind every waiter of the same or a higher priority: arrival order within a priority.
            var at = _waiters.FindIndex(w => w.Priority < priority);
            _waiters.Insert(at < 0 ? _waiters.Count : at, waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(static s =>
            {
                var (throttle, w, ct) = ((TransferThrottle, Waiter, CancellationToken))s!;
                throttle.Cancel(w, ct);
            }, (this, waiter, cancellationToken));
            if (waiter.Completion.Task.IsCompleted)
            {
                // Granted before the registration was made: nothing is left to cancel.
                waiter.Registration.Dispose();
            }
        }

        Serve();
        return new ValueTask(waiter.Completion.Task);
    }

    /// <summary>Stops the timer and fails the sends still waiting.</summary>
    public void Dispose()
    {
        List<Waiter> left;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            left = [.. _waiters];
            _waiters.Clear();
        }

        _timer.Dispose();
        foreach (var waiter in left)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(TransferThrottle)));
        }
    }

    private static double Capacity(long rate) => Math.Max(1, rate * BurstDuration.TotalSeconds);

    /// <summary>Grants the waiters the bucket allows now, in order, and arms the timer for the next one.</summary>
    private void Serve()
    {
        List<Waiter> granted = [];
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            while (_waiters.Count > 0 && TryTake(_waiters[0].Bytes))
            {
                granted.Add(_waiters[0]);
                _waiters.RemoveAt(0);
            }

            if (_waiters.Count > 0)
            {
                var missing = Math.Min(_waiters[0].Bytes, Capacity(_rate)) - _tokens;
                // At least a millisecond: the timer's resolution, and a due time of zero would spin.
                var due = TimeSpan.FromSeconds(Math.Max(missing / _rate, 0.001));
                _timer.Change(due, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        // Completed outside the lock: a waiter's continuation may call back into the throttle.
        foreach (var waiter in granted)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult();
        }
    }

    /// <summary>Takes <paramref name="bytes"/> when the bucket holds them (or is full, for a send larger than it); under the lock.</summary>
    private bool TryTake(long bytes)
    {
        if (_rate == 0)
        {
            return true;
        }

        Refill();
        if (_tokens < Math.Min(bytes, Capacity(_rate)))
        {
            return false;
        }

        _tokens -= bytes;
        return true;
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_refilledAt, now);
        _refilledAt = now;
        if (_rate > 0)
        {
            _tokens = Math.Min(Capacity(_rate), _tokens + (elapsed.TotalSeconds * _rate));
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        bool removed;
        lock (_lock)
        {
            removed = _waiters.Remove(waiter);
        }

        if (removed)
        {
            waiter.Completion.TrySetCanceled(cancellationToken);
            // The head may have gone: the next waiter may be served now, or later than the timer was armed for.
            Serve();
        }
    }

    private sealed class Waiter(long bytes, int priority)
    {
        public long Bytes { get; } = bytes;

        public int Priority { get; } = priority;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }
}
