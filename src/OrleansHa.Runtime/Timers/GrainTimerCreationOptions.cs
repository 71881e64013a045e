using System.Diagnostics.CodeAnalysis;

namespace Orleans.Runtime;

/// <summary>How a grain timer ticks.</summary>
public readonly struct GrainTimerCreationOptions
{
    /// <summary>Creates options; set <see cref="DueTime"/> and <see cref="Period"/>.</summary>
    public GrainTimerCreationOptions()
    {
    }

    /// <summary>Creates options with a due time and a period.</summary>
    [SetsRequiredMembers]
    public GrainTimerCreationOptions(TimeSpan dueTime, TimeSpan period)
    {
        DueTime = dueTime;
        Period = period;
    }

    /// <summary>The time before the first tick (<see cref="Timeout.InfiniteTimeSpan"/>: never).</summary>
    public required TimeSpan DueTime { get; init; }

    /// <summary>The time between the end of one tick and the next (<see cref="Timeout.InfiniteTimeSpan"/>: tick once).</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>Whether ticks interleave with requests (default false: a tick is scheduled like a request).</summary>
    public bool Interleave { get; init; }

    /// <summary>Whether a tick counts as activity that keeps the grain from idle collection (default false).</summary>
    public bool KeepAlive { get; init; }
}
