using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Orleans.Reminders.Diagnostics;
using Orleans.TestingHost;

namespace OrleansHa.Grains.Tests.Cluster;

/// <summary>
/// The fake clock of a test cluster. It drives what our grains read (their injected <see cref="TimeProvider"/>), grain
/// timers (Orleans' <see cref="TimeProviderNames.Grains"/> area) and Orleans' own reminder service
/// (<see cref="ReminderTimeProviderNames.Reminders"/>), so schedules tick through the real reminder path when the clock
/// moves; the silo's membership, messaging and other background loops stay on real time, so moving the clock never
/// spins them. Reminder ticks are observed through <see cref="ReminderEvents"/>, so a test waits for a tick to have
/// been delivered instead of sleeping.
/// </summary>
public sealed class ClusterClock : IObserver<ReminderEvents.ReminderEvent>, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId Grain, string Reminder), DateTime> _delivered = [];
    private readonly SemaphoreSlim _advance = new(1, 1);
    private readonly IDisposable _subscription;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ClusterClock(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        _subscription = ReminderEvents.AllEvents.Subscribe(this);
    }

    public FakeTimeProvider Time { get; }

    public DateTimeOffset UtcNow => Time.GetUtcNow();

    /// <summary>
    /// Whether a reminder event comes from a silo on this clock. Reminder events are process-wide and grain ids repeat
    /// across test clusters (every cluster has a <c>monitor/0</c>), so each cluster says which silos are its own.
    /// </summary>
    public Func<SiloAddress?, bool> IsOurs { get; set; } = _ => true;

    /// <summary>Puts a silo on this clock (grains, grain timers, reminders) and its background loops on real time.</summary>
    public void Install(ISiloBuilder silo)
    {
        silo.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
        silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Time);
    }

    /// <summary>Moves the clock by <paramref name="by"/> in steps of at most one minute (the shortest reminder period).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        for (var moved = TimeSpan.Zero; moved < by;)
        {
            var step = by - moved < TimeSpan.FromMinutes(1) ? by - moved : TimeSpan.FromMinutes(1);
            await StepAsync(step);
            moved += step;
        }
    }

    /// <summary>
    /// Moves the clock a minute at a time until <paramref name="grain"/>'s <paramref name="reminder"/> has delivered a
    /// tick fired after the clock's time at this call (the event, not a guess at how long delivery takes); fails after
    /// <paramref name="maxMinutes"/> minutes of clock time without one. A tick fired at the clock's time at this call
    /// fired before it (the clock runs due timers while it moves) and does not count, even while still being
    /// delivered: otherwise calls in a row that find the clock where it was would all return on that same tick.
    /// </summary>
    public async Task NextTickAsync(IAddressable grain, string reminder, int maxMinutes = 120)
    {
        var before = UtcNow.UtcDateTime;
        for (var minute = 0; minute <= maxMinutes; minute++)
        {
            if (await DeliveredAsync(grain, reminder, before, TimeSpan.FromMilliseconds(minute == 0 ? 0 : 250)))
            {
                return;
            }

            await StepAsync(TimeSpan.FromMinutes(1));
        }

        if (!await DeliveredAsync(grain, reminder, before, TimeSpan.FromSeconds(5)))
        {
            throw new Xunit.Sdk.XunitException($"Reminder '{reminder}' of {grain.GetGrainId()} did not tick within {maxMinutes} minutes of clock time.");
        }
    }

    /// <inheritdoc />
    public void OnNext(ReminderEvents.ReminderEvent value)
    {
        var status = value switch
        {
            ReminderEvents.TickCompleted completed => completed.Status,
            ReminderEvents.TickFailed failed => failed.Status,
            _ => (TickStatus?)null,
        };
        if (status is not { } tick || !IsOurs(value.SiloAddress))
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_lock)
        {
            var key = (value.GrainId, value.ReminderName);
            if (tick.CurrentTickTime > _delivered.GetValueOrDefault(key))
            {
                _delivered[key] = tick.CurrentTickTime;
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <inheritdoc />
    public void OnError(Exception error)
    {
    }

    /// <inheritdoc />
    public void OnCompleted()
    {
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _advance.Dispose();
    }

    /// <summary>Waits (up to <paramref name="within"/> of real time) for the delivery of a tick fired after <paramref name="from"/>.</summary>
    private async Task<bool> DeliveredAsync(IAddressable grain, string reminder, DateTime from, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_delivered.TryGetValue((grain.GetGrainId(), reminder), out var last) && last > from)
                {
                    return true;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// One move of the clock. <see cref="FakeTimeProvider.Advance"/> runs due timer callbacks on the calling thread, so
    /// it runs on a pool thread without this flow's execution context: a reminder tick or timer started by it must not
    /// carry the principal the test acted as.
    /// </summary>
    private async Task StepAsync(TimeSpan step)
    {
        await _advance.WaitAsync();
        try
        {
            Task move;
            using (ExecutionContext.SuppressFlow())
            {
                move = Task.Run(() => Time.Advance(step));
            }

            await move.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            _advance.Release();
        }

        await Task.Yield();
    }
}
