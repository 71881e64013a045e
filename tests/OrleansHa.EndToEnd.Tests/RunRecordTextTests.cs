using OrleansHa.Client.Cli;
using OrleansHa.FileSets;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>The "error" column of every client table that shows runs (sync now, fileset show, activity), and sync now's "not sent".</summary>
public sealed class RunRecordTextTests
{
    [Fact]
    public void Problem_WhenRunCompletedWithFailedPaths_NamesTheFirstAndCountsTheRest()
    {
        var run = Run(RunOutcome.CompletedWithErrors, null, "a: permission denied", "b: permission denied", "c: permission denied");

        Assert.Equal("a: permission denied (and 2 more failed path(s))", RunRecordText.Problem(run));
    }

    [Fact]
    public void Problem_WhenOnePathFailed_IsThatPath()
    {
        Assert.Equal("a: permission denied", RunRecordText.Problem(Run(RunOutcome.CompletedWithErrors, null, "a: permission denied")));
    }

    [Fact]
    public void Problem_WhenRunFailed_IsItsError()
    {
        Assert.Equal("destination BACKUP is unreachable", RunRecordText.Problem(Run(RunOutcome.Failed, "destination BACKUP is unreachable", "a: ignored")));
    }

    [Fact]
    public void Problem_WhenRunSucceededOrIsMissing_IsNull()
    {
        Assert.Null(RunRecordText.Problem(Run(RunOutcome.Succeeded, null)));
        Assert.Null(RunRecordText.Problem(null));
    }

    [Fact]
    public void Saved_WhenTheRunUsedDeltaAndResume_NamesBothCounts()
    {
        var run = Run(RunOutcome.Succeeded, null) with { LiteralBytes = 1_048_576, MatchedBytes = 1_072_693_248, ResumedBytes = 4096 };

        Assert.Equal("delta: 1048576 sent, 1072693248 matched; resumed: 4096", RunRecordText.Saved(run));
    }

    [Fact]
    public void Saved_WhenEveryByteWasSent_IsNull()
    {
        Assert.Null(RunRecordText.Saved(Run(RunOutcome.Succeeded, null)));
        Assert.Null(RunRecordText.Saved(null));
    }

    private static RunRecord Run(RunOutcome outcome, string? error, params string[] failedPaths)
        => new("alice/payroll", "BACKUP", "sync now", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, outcome, 3, 0, 0, 0, failedPaths, error);
}
