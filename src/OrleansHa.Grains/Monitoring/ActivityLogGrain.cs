using Microsoft.Extensions.Options;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Security;

namespace OrleansHa.Grains.Monitoring;

/// <summary>One user's activity log: the reports of the user's recent runs, capped at <see cref="MonitorOptions.ActivityLogCapacity"/>.</summary>
public sealed class ActivityLogGrain(
    [PersistentState("activity")] IPersistentState<ActivityLogState> state,
    IOptions<MonitorOptions> options) : Grain, IActivityLogGrain
{
    private string User => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task AppendAsync(RunRecord run)
    {
        CallerPrincipal.Current.DemandSilo("write activity logs");
        var runs = state.State.Runs;
        runs.Add(run);
        var excess = runs.Count - options.Value.ActivityLogCapacity;
        if (excess > 0)
        {
            runs.RemoveRange(0, excess);
        }

        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RunRecord>> QueryAsync(ActivityQuery query)
    {
        CallerPrincipal.Current.DemandOwnerOrAdministrator(User, $"user {User}'s activity log");
        var fileSet = query.FileSet is null ? null : query.FileSet.Contains('/', StringComparison.Ordinal) ? query.FileSet : FileSetKey.Format(User, query.FileSet);
        IReadOnlyList<RunRecord> result = [.. state.State.Runs
            .AsEnumerable()
            .Reverse()
            .Where(r => fileSet is null || r.FileSet == fileSet)
            .Where(r => query.Since is null || r.FinishedAt >= query.Since)
            .Take(Math.Max(0, query.Limit))];
        return Task.FromResult(result);
    }
}
