using Orleans.Runtime;
using OrleansHa.Runtime.Engine;

namespace Orleans;

/// <summary>Timers and deactivation for any grain class (call as <c>this.RegisterGrainTimer(...)</c>).</summary>
public static class GrainBaseExtensions
{
    /// <summary>Deactivates the grain once its current request has finished.</summary>
    public static void DeactivateOnIdle(this IGrainBase grain) => ActivationData.Of(grain).DeactivateOnIdle();

    /// <summary>Migration needs several silos; on our single silo this deactivates on idle, like Orleans does when there is no other silo.</summary>
    public static void MigrateOnIdle(this IGrainBase grain) => ActivationData.Of(grain).DeactivateOnIdle();

    /// <summary>Registers a timer whose callback receives a cancellation token.</summary>
    public static IGrainTimer RegisterGrainTimer(this IGrainBase grain, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ActivationData.Of(grain).RegisterTimer(static (s, ct) => ((Func<CancellationToken, Task>)s!)(ct), callback, options);
    }

    /// <summary>Registers a timer whose callback receives a cancellation token.</summary>
    public static IGrainTimer RegisterGrainTimer(this IGrainBase grain, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
        => grain.RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    /// <summary>Registers a timer.</summary>
    public static IGrainTimer RegisterGrainTimer(this IGrainBase grain, Func<Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ActivationData.Of(grain).RegisterTimer(static (s, _) => ((Func<Task>)s!)(), callback, options);
    }

    /// <summary>Registers a timer.</summary>
    public static IGrainTimer RegisterGrainTimer(this IGrainBase grain, Func<Task> callback, TimeSpan dueTime, TimeSpan period)
        => grain.RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    /// <summary>Registers a timer whose callback receives a state and a cancellation token.</summary>
    public static IGrainTimer RegisterGrainTimer<TState>(this IGrainBase grain, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ActivationData.Of(grain).RegisterTimer((_, ct) => callback(state, ct), null, options);
    }

    /// <summary>Registers a timer whose callback receives a state and a cancellation token.</summary>
    public static IGrainTimer RegisterGrainTimer<TState>(this IGrainBase grain, Func<TState, CancellationToken, Task> callback, TState state, TimeSpan dueTime, TimeSpan period)
        => grain.RegisterGrainTimer(callback, state, new GrainTimerCreationOptions(dueTime, period));

    /// <summary>Registers a timer whose callback receives a state.</summary>
    public static IGrainTimer RegisterGrainTimer<TState>(this IGrainBase grain, Func<TState, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ActivationData.Of(grain).RegisterTimer((_, _) => callback(state), null, options);
    }

    /// <summary>Registers a timer whose callback receives a state.</summary>
    public static IGrainTimer RegisterGrainTimer<TState>(this IGrainBase grain, Func<TState, Task> callback, TState state, TimeSpan dueTime, TimeSpan period)
        => grain.RegisterGrainTimer(callback, state, new GrainTimerCreationOptions(dueTime, period));
}
