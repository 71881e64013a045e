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
        var before = state.State.Runs;
        if (run.RunId is not null && before.Any(r => r.RunId == run.RunId))
        {
            // A worker records a run again after a crash between its writes: the log has it already.
            return;
        }

        List<RunRecord> runs = [.. before, run];
        var excess = runs.Count - options.Value.ActivityLogCapacity;
        if (excess > 0)
        {
            runs.RemoveRange(0, excess);
        }

        state.State.Runs = runs;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, so not in the log: the worker's retry must find it missing.
            state.State.Runs = before;
            throw;
        }
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
