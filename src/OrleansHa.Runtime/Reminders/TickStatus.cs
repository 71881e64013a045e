namespace Orleans.Runtime;

/// <summary>Describes one reminder tick.</summary>
[GenerateSerializer]
[Immutable]
public readonly struct TickStatus
{
    /// <summary>Creates a tick status.</summary>
    public TickStatus(DateTime firstTickTime, TimeSpan period, DateTime timeStamp)
    {
        FirstTickTime = firstTickTime;
        Period = period;
        CurrentTickTime = timeStamp;
    }

    /// <summary>When the reminder's first tick was due (UTC).</summary>
    [Id(0)]
    public DateTime FirstTickTime { get; }

    /// <summary>The reminder's period.</summary>
    [Id(1)]
    public TimeSpan Period { get; }

    /// <summary>When this tick was due (UTC).</summary>
    [Id(2)]
    public DateTime CurrentTickTime { get; }

    /// <inheritdoc/>
    public override string ToString()
        => $"<{FirstTickTime:O}, {Period}, {CurrentTickTime:O}>";
}
