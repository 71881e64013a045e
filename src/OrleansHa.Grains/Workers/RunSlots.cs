using Microsoft.Extensions.Options;
using OrleansHa.Grains.Monitoring;

namespace OrleansHa.Grains.Workers;

/// <summary>
/// The per-silo limit on concurrent runs (<see cref="MonitorOptions.MaxConcurrentRuns"/>), shared by every sync worker
/// activated in this silo: a worker holds a slot for the length of one run. When all are taken, waiters get the slots
/// as they free, highest priority first (the file set's priority), equal priorities in arrival order. A singleton
/// service; thread-safe.
/// </summary>
public sealed class RunSlots(IOptions<MonitorOptions> options)
{
    private readonly object _lock = new();
    private readonly List<Waiter> _waiters = [];
    private int _inUse;

    /// <summary>How many runs may go on at once in this silo.</summary>
    public int Limit { get; } = options.Value.MaxConcurrentRuns;

    /// <summary>Slots taken now.</summary>
    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse;
            }
        }
    }

    /// <summary>Takes a slot when one is free and nobody waits for one; null otherwise.</summary>
    public IDisposable? TryAcquire()
    {
        lock (_lock)
        {
            if (_waiters.Count > 0 || _inUse >= Limit)
            {
                return null;
            }

            _inUse++;
            return new Lease(this);
        }
    }

    /// <summary>Waits for a slot at <paramref name="priority"/>; dispose the lease to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(int priority, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _inUse < Limit)
            {
                _inUse++;
                return new Lease(this);
            }

            waiter = new Waiter(priority);
            // Behind every waiter of the same or a higher priority: arrival order within a priority.
            var at = _waiters.FindIndex(w => w.Priority < priority);
            _waiters.Insert(at < 0 ? _waiters.Count : at, waiter);
        }

        using (cancellationToken.Register(() => Cancel(waiter, cancellationToken)))
        {
            await waiter.Completion.Task;
        }

        return new Lease(this);
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
        }
    }

    private void Release()
    {
        Waiter? next = null;
        lock (_lock)
        {
            if (_waiters.Count > 0)
            {
                // The slot passes straight to the next waiter: it is never free in between, so no newcomer takes it.
                next = _waiters[0];
                _waiters.RemoveAt(0);
            }
            else
            {
                _inUse--;
            }
        }

        next?.Completion.TrySetResult();
    }

    private sealed class Waiter(int priority)
    {
        public int Priority { get; } = priority;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Lease(RunSlots slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
