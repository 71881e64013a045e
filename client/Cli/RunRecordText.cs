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

    /// <summary>
    /// What the run did not have to send: the bytes a delta transfer matched at the destination and the bytes an
    /// earlier, interrupted transfer had already made durable there, with the literal bytes a delta did send; null
    /// when the run sent every byte it copied (or there is no run).
    /// </summary>
    public static string? Saved(RunRecord? run)
    {
        if (run is null || (run.MatchedBytes == 0 && run.ResumedBytes == 0 && run.LiteralBytes == 0))
        {
            return null;
        }

        List<string> parts = [];
        if (run.LiteralBytes != 0 || run.MatchedBytes != 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"delta: {run.LiteralBytes} sent, {run.MatchedBytes} matched"));
        }

        if (run.ResumedBytes != 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"resumed: {run.ResumedBytes}"));
        }

        return string.Join("; ", parts);
    }
}
