using System.Collections.Concurrent;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Tests.Grains;

/// <summary>An application service the grains report their lifecycle to (registered in the silo's DI, as in Orleans).</summary>
public sealed class LifecycleLog
{
    public ConcurrentQueue<string> Events { get; } = new();

    public void Add(string text) => Events.Enqueue(text);

    public bool Contains(string text) => Events.Contains(text);
}

public interface ILifecycleGrain : IGrainWithStringKey
{
    /// <summary>Counts calls on this activation.</summary>
    Task<int> PingAsync();

    /// <summary>Asks to be deactivated.</summary>
    Task DeactivateAsync();

    /// <summary>Delays deactivation.</summary>
    Task DelayAsync(TimeSpan time);
}

public class LifecycleGrain(LifecycleLog log) : Grain, ILifecycleGrain
{
    private int _calls;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Add($"activate:{this.GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Add($"deactivate:{this.GetPrimaryKeyString()}:{reason.ReasonCode}");
        return Task.CompletedTask;
    }

    public Task<int> PingAsync() => Task.FromResult(++_calls);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task DelayAsync(TimeSpan time)
    {
        DelayDeactivation(time);
        return Task.CompletedTask;
    }
}

public interface IKeepAliveGrain : ILifecycleGrain
{
}

[KeepAlive]
public sealed class KeepAliveGrain(LifecycleLog log) : LifecycleGrain(log), IKeepAliveGrain
{
}

public interface IShortLivedGrain : ILifecycleGrain
{
}

[CollectionAgeLimit("00:02:00")]
public sealed class ShortLivedGrain(LifecycleLog log) : LifecycleGrain(log), IShortLivedGrain
{
}

public interface ITimerGrain : IGrainWithStringKey
{
    /// <summary>Starts a timer; a callback throws on its second tick when asked.</summary>
    Task StartAsync(TimeSpan period, bool throwOnSecondTick);

    /// <summary>The number of ticks so far.</summary>
    Task<int> GetTicksAsync();

    /// <summary>Changes the period.</summary>
    Task ChangeAsync(TimeSpan dueTime, TimeSpan period);

    /// <summary>Stops the timer.</summary>
    Task StopAsync();
}

public sealed class TimerGrain : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;

    public Task StartAsync(TimeSpan period, bool throwOnSecondTick)
    {
        _timer = this.RegisterGrainTimer(
            (state, _) =>
            {
                _ticks++;
                return state && _ticks == 2 ? throw new InvalidOperationException("tick failed") : Task.CompletedTask;
            },
            throwOnSecondTick,
            new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_ticks);

    public Task ChangeAsync(TimeSpan dueTime, TimeSpan period)
    {
        _timer!.Change(dueTime, period);
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }
}
