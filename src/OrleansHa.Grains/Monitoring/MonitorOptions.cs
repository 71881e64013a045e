namespace OrleansHa.Grains.Monitoring;

/// <summary>
/// Settings of the monitor, the sync workers, the schedules and the destinations (configuration
/// section <c>Monitor</c>). Validated at start by <see cref="MonitorOptionsValidator"/>.
/// </summary>
public sealed class MonitorOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Monitor";

    /// <summary>Failed runs retried at once before the slow cadence starts. Default: 3.</summary>
    public int ImmediateRetries { get; set; } = 3;

    /// <summary>The slow retry cadence after the immediate retries. Default: 30 minutes.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often each monitor shard checks its workers (slow retries due, runs still alive), driven by a
    /// reminder; at least 1 minute, the reminder service's minimum period. Default: 1 minute.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a destination probes its availability (a reminder; at least 1 minute). Default: 1 minute.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a destination waits for one probe (its file-system calls, or the other system's answer) before it
    /// counts the destination as unavailable; more than 0 and less than <see cref="ProbeInterval"/>. Default: 10 seconds.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most workers one monitor shard supervises; more shards come into use beyond it. Default: 1024.</summary>
    public int MaxWorkersPerShard { get; set; } = 1024;

    /// <summary>The time zone <c>daily HH:MM</c> schedules are read in (an IANA id). Default: <c>UTC</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Where sync workers keep their checkpoints (one manifest file per file set and destination). Default: <c>data/checkpoints</c> under the working directory.</summary>
    public string CheckpointDirectory { get; set; } = Path.Combine("data", "checkpoints");

    /// <summary>Where a receiving system stages large files arriving through the <c>silo</c> transport. Default: <c>data/incoming</c> under the working directory.</summary>
    public string StagingDirectory { get; set; } = Path.Combine("data", "incoming");

    /// <summary>Runs kept per user in the activity log. Default: 500.</summary>
    public int ActivityLogCapacity { get; set; } = 500;

    /// <summary>
    /// The most runs that go on at once in one silo, across all its sync workers; a run beyond it waits for a slot
    /// (STATUS shows it waiting), and freed slots go to the waiting run of the highest priority first, then the
    /// earliest. 1..1024. Default: 4 (a run is bound by disk and link, not by the two cores a small silo has).
    /// </summary>
    public int MaxConcurrentRuns { get; set; } = 4;

    /// <summary>Failed paths kept in one run's report. Default: 50.</summary>
    public int MaxFailedPathsPerRun { get; set; } = 50;

    /// <summary>The time zone, resolved.</summary>
    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
