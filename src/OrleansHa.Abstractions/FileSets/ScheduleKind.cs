namespace OrleansHa.FileSets;

/// <summary>The kinds of schedule a file set may have.</summary>
[GenerateSerializer, Alias("orleansha.schedule-kind")]
public enum ScheduleKind
{
    /// <summary>Runs only on <c>sync now</c>.</summary>
    Manual,

    /// <summary>Runs every fixed interval (<c>every 15m</c>).</summary>
    Every,

    /// <summary>Runs once a day at a wall-clock time in the configured time zone (<c>daily 02:00</c>).</summary>
    Daily,
}
