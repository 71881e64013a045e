using System.Globalization;
using OrleansHa.FileSets;

namespace OrleansHa.Client.Cli;

/// <summary>How the client words what went wrong in a run, the same in every table that shows runs.</summary>
public static class RunRecordText
{
    /// <summary>
    /// The run's error when it failed; for a run that completed with errors, its first failed path and how many
    /// more there were; null when nothing went wrong (or there is no run).
    /// </summary>
    public static string? Problem(RunRecord? run)
    {
        if (run is null)
        {
            return null;
        }

        if (run.Error is not null)
        {
            return run.Error;
        }

        return run.FailedPaths.Count switch
        {
            0 => null,
            1 => run.FailedPaths[0],
            var n => string.Create(CultureInfo.InvariantCulture, $"{run.FailedPaths[0]} (and {n - 1} more failed path(s))"),
        };
    }
}
