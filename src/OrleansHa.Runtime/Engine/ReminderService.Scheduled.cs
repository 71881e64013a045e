using OrleansHa.Runtime.Reminders;

namespace OrleansHa.Runtime.Engine;

/// <summary>The local timer of one reminder.</summary>
internal sealed partial class ReminderService
{
    private sealed class ScheduledReminder(ReminderService service, ReminderEntry entry) : IDisposable
    {
        private readonly Lock _lock = new();
        private ITimer? _timer;
        private DateTime _tickTime;

        public ReminderEntry Entry { get; set; } = entry;

        public bool IsDisposed { get; private set; }

        public void Arm(TimeSpan delay, DateTime tickTime)
        {
            lock (_lock)
            {
                if (IsDisposed)
                {
                    return;
                }

                _tickTime = tickTime;
                _timer ??= service.Time.CreateTimer(static s => ((ScheduledReminder)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                IsDisposed = true;
                _timer?.Dispose();
            }
        }

        private void Fire()
        {
            DateTime tickTime;
            lock (_lock)
            {
                if (IsDisposed)
                {
                    return;
                }

                tickTime = _tickTime;
            }

            _ = service.DeliverAsync(this, tickTime);
        }
    }
}
