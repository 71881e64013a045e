using OrleansHa.FileSets;

namespace OrleansHa.Monitoring;

/// <summary>The activity log of one user (key: the user name): the reports of their recent runs, newest first, capped.</summary>
[Alias("orleansha.activity-log-grain")]
public interface IActivityLogGrain : IGrainWithStringKey
{
    /// <summary>Appends a finished run (called by the sync worker).</summary>
    Task AppendAsync(RunRecord run);

    /// <summary>The entries matching the query; the user themself or the administrator.</summary>
    [Idempotent]
    Task<IReadOnlyList<RunRecord>> QueryAsync(ActivityQuery query);
}
