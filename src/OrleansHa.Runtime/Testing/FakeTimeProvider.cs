namespace OrleansHa.Runtime.Testing;

/// <summary>
/// A clock for tests that moves only when told. Timers created from it fire, in due order, on the thread that calls
/// <see cref="Advance"/> or <see cref="SetUtcNow"/>, with the clock set to each timer's due time as it fires.
/// Timestamps follow the clock (<see cref="TimeProvider.GetTimestamp"/> is the clock's ticks).
/// </summary>
public sealed partial class FakeTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Starts at 2000-01-01T00:00:00Z.</summary>
    public FakeTimeProvider()
        : this(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Starts at <paramref name="startDateTime"/>.</summary>
    public FakeTimeProvider(DateTimeOffset startDateTime) => _now = startDateTime.ToUniversalTime();

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc/>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing the timers that fall due.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The delta is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        SetUtcNow(GetUtcNow() + delta);
    }

    /// <summary>Moves the clock to <paramref name="value"/>, firing the timers that fall due.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is earlier than the clock: a fake clock does not go back.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_lock)
        {
            if (value < _now)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"The clock is at {_now:O}; it cannot be set back.");
            }
        }

        while (true)
        {
            FakeTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.DueAt <= value).OrderBy(t => t.DueAt).ThenBy(t => t.Sequence).FirstOrDefault();
                if (due is null)
                {
                    _now = value;
                    return;
                }

                if (due.DueAt > _now)
                {
                    _now = due.DueAt;
                }

                // Periodic timers re-arm before their callback runs, like System.Threading.Timer.
                if (due.Period > TimeSpan.Zero && due.Period != Timeout.InfiniteTimeSpan)
                {
                    due.DueAt = _now + due.Period;
                    due.Sequence = ++_sequence;
                }
                else
                {
                    _timers.Remove(due);
                }
            }

            due.Invoke();
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state, ExecutionContext.Capture());
        timer.Change(dueTime, period);
        return timer;
    }

    private void Arm(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            if (timer.Disposed || dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.DueAt = _now + dueTime;
            timer.Period = period;
            timer.Sequence = ++_sequence;
            _timers.Add(timer);
        }
    }
}
