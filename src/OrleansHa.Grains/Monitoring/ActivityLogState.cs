using OrleansHa.FileSets;

namespace OrleansHa.Grains.Monitoring;

/// <summary>The persisted state of a user's activity log: runs, oldest first, capped.</summary>
[GenerateSerializer, Alias("orleansha.activity-log-state")]
public sealed class ActivityLogState
{
    [Id(0)] public List<RunRecord> Runs { get; set; } = [];
}
