namespace OrleansHa.Runtime.Testing;

/// <summary>The timers of a <see cref="FakeTimeProvider"/>.</summary>
public sealed partial class FakeTimeProvider
{
    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state, ExecutionContext? context) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public long Sequence { get; set; }

        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time must be zero or more, or infinite.");
            }

            if (Disposed)
            {
                return false;
            }

            owner.Arm(this, dueTime, period);
            if (dueTime == TimeSpan.Zero)
            {
                // Due now: fire at once, as a real timer would, without moving the clock.
                owner.SetUtcNow(owner.GetUtcNow());
            }

            return true;
        }

        public void Invoke()
        {
            if (Disposed)
            {
                return;
            }

            if (context is null)
            {
                callback(state);
            }
            else
            {
                ExecutionContext.Run(context, static s => ((FakeTimer)s!).InvokeCallback(), this);
            }
        }

        private void InvokeCallback() => callback(state);

        public void Dispose()
        {
            Disposed = true;
            owner.Arm(this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
