namespace Orleans.Runtime;

/// <summary>A grain timer; dispose it to stop it.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Reschedules the timer: next tick after <paramref name="dueTime"/>, then every <paramref name="period"/> (<see cref="Timeout.InfiniteTimeSpan"/>: no further ticks).</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
