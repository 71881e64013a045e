using OrleansHa.FileSets;
using OrleansHa.Grains.Roles;
using OrleansHa.Grains.Roles.Readiness;
using OrleansHa.Roles;
using static OrleansHa.Grains.Tests.Roles.ReadinessPair;

namespace OrleansHa.Grains.Tests.Roles;

/// <summary>The readiness check on hand-built descriptions of two systems: one change at a time from a pair that is ready.</summary>
public sealed class ReadinessCheckTests
{
    private static readonly RoleOptions Options = new();

    private static ReadinessReport Check(SystemDescription production, SystemDescription? backup, string? unreachable = null, TimeSpan? roundTrip = null)
        => ReadinessCheck.Evaluate(production, backup, Backup, unreachable, Now - (roundTrip ?? TimeSpan.FromMilliseconds(20)), Now, Options);

    private static ReadinessItem Failing(ReadinessReport report, ReadinessCategory category) => Assert.Single(report.Items, i => i.Category == category && !i.Ready);

    [Fact]
    public void Evaluate_WhenEverythingIsDefinedBothWays_IsReadyWithEveryItemHoldingInCategoryOrder()
    {
        var report = Check(Production(), BackupSide());

        Assert.True(report.Ready, string.Join(Environment.NewLine, report.Items.Where(i => !i.Ready).Select(i => i.Reason)));
        Assert.Equal(100, report.Score);
        Assert.All(report.Items, i => Assert.True(i.Ready, i.Reason));
        Assert.Equal(Enum.GetValues<ReadinessCategory>(), report.Items.Select(i => i.Category).Distinct());
        Assert.Equal((Prod, Backup, Now), (report.Production, report.Backup, report.CheckedAt));
        // Only targets on the destination to the backup count: the local ARCHIVE target is not part of the swap.
        Assert.Single(report.Items, i => i.Category == ReadinessCategory.FileSet);
        Assert.Single(report.Items, i => i.Category == ReadinessCategory.LastRun);
    }

    [Fact]
    public void Evaluate_WhenAUserIsMissingOnTheBackup_RefusesWithTheUserFirstAfterTheGroup()
    {
        var backup = BackupSide().WithSettings(s => s with { Users = [] });

        var report = Check(Production(), backup);

        Assert.False(report.Ready);
        var user = Failing(report, ReadinessCategory.User);
        Assert.True(user.Blocking);
        Assert.Equal("alice", user.Subject);
        Assert.Contains("user alice is not defined on BACKUP", user.Reason, StringComparison.Ordinal);
        Assert.Contains("user add alice --uid 1001 --gid 1001 --max-priority 5", user.Reason, StringComparison.Ordinal);
        Assert.Equal([ReadinessCategory.Group, ReadinessCategory.User], report.Items.Take(2).Select(i => i.Category));
    }

    [Fact]
    public void Evaluate_WhenAUserDiffersOnTheBackup_RefusesNamingWhatDiffers()
    {
        var backup = BackupSide().WithSettings(s => s with { Users = [new(Alice("/backup/alice") with { Uid = 2002, MaxPriority = 3 }, false)] });

        var user = Failing(Check(Production(), backup), ReadinessCategory.User);

        Assert.True(user.Blocking);
        Assert.Contains("uid 2002 there, 1001 here", user.Reason, StringComparison.Ordinal);
        Assert.Contains("maximum priority 3 there, 5 here", user.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("gid 1001 there", user.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenTheUserIsSuspendedOnlyOnTheBackup_WarnsWithoutRefusing()
    {
        var backup = BackupSide().WithSettings(s => s with { Users = [new(Alice("/backup/alice"), true)] });

        var report = Check(Production(), backup);

        Assert.True(report.Ready);
        Assert.False(Failing(report, ReadinessCategory.User).Blocking);
    }

    [Fact]
    public void Evaluate_WhenTheBackupHasNoDestinationBackToProduction_RefusesAndTheReverseFileSetWithIt()
    {
        var backup = BackupSide().WithSettings(s => s with { Destinations = [] });

        var report = Check(Production(), backup);

        Assert.False(report.Ready);
        var destination = Failing(report, ReadinessCategory.Destination);
        Assert.True(destination.Blocking);
        Assert.Contains("BACKUP has no silo destination whose remote system is PROD", destination.Reason, StringComparison.Ordinal);
        Assert.Contains("--silo 10.0.0.1:30000 --remote-system PROD", destination.Reason, StringComparison.Ordinal);
        Assert.Contains("no target on a destination to PROD", Failing(report, ReadinessCategory.FileSet).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenTheReverseFileSetIsMissing_RefusesNamingItsSourceAndTarget()
    {
        var backup = BackupSide().WithSettings(s => s with { FileSets = [] });

        var item = Failing(Check(Production(), backup), ReadinessCategory.FileSet);

        Assert.True(item.Blocking);
        Assert.Equal("alice/docs", item.Subject);
        Assert.Contains($"file set alice/docs is not defined on BACKUP: define it there with source {Replica}", item.Reason, StringComparison.Ordinal);
        Assert.Contains($"TOPROD:{ProdSource}", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenTheReverseFileSetCopiesAnotherDirectory_RefusesNamingWhereTheReplicaIs()
    {
        var backup = BackupSide().WithSettings(s => s with { FileSets = [new(FileSet("/elsewhere", new FileSetTarget("TOPROD", ProdSource)), false)] });

        var item = Failing(Check(Production(), backup), ReadinessCategory.FileSet);

        Assert.Contains($"copies /elsewhere, but PROD's files land in {Replica} there", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenTheReverseFileSetGoesBackToAnotherPath_RefusesNamingProductionsSource()
    {
        var backup = BackupSide().WithSettings(s => s with { FileSets = [new(FileSet(Replica + "/", new FileSetTarget("TOPROD", "/prod/other")), false)] });

        var item = Failing(Check(Production(), backup), ReadinessCategory.FileSet);

        // The trailing separator of the source root is not a difference; the target path is.
        Assert.Contains($"goes back to TOPROD:/prod/other, not to its source here, {ProdSource}", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenTheBackupsJournalHasNoReceiverBackToProduction_RefusesNamingTheJournal()
    {
        var b = BackupSide();
        var backup = b with { Journals = [b.Journals[0] with { Definition = Journal("ELSEWHERE") }] };

        var report = Check(Production(), backup);

        Assert.False(report.Ready);
        var journal = Failing(report, ReadinessCategory.Journal);
        Assert.True(journal.Blocking);
        Assert.Equal("orders", journal.Subject);
        Assert.StartsWith("journal orders on BACKUP has no receiver PROD; define it with journal create orders --receiver PROD,10.0.0.1:30000,", journal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenTheBackupHasNoSuchJournal_RefusesNamingTheJournal()
    {
        var report = Check(Production(), BackupSide() with { Journals = [] });

        var journal = Failing(report, ReadinessCategory.Journal);
        Assert.Contains("journal orders on BACKUP is not defined, so it has no receiver PROD", journal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenAReceiverIsBehind_WarnsWithTheBacklogWithoutRefusing()
    {
        var p = Production();
        var status = p.Journals[0].Status with { LastSequence = 55, Receivers = [p.Journals[0].Status.Receivers[0] with { Acknowledged = 40, Lag = 15 }] };
        var production = p with { Journals = [p.Journals[0] with { Status = status }] };

        var report = Check(production, BackupSide());

        Assert.True(report.Ready);
        var backlog = Failing(report, ReadinessCategory.Backlog);
        Assert.False(backlog.Blocking);
        Assert.Equal("orders to BACKUP", backlog.Subject);
        Assert.Contains("15 entries of journal orders not yet applied on BACKUP (acknowledged 40 of 55; its replica orders@PROD has applied up to 40)", backlog.Reason, StringComparison.Ordinal);
        Assert.Equal((report.Items.Count - 1) * 100 / report.Items.Count, report.Score);
        Assert.True(report.Score < 100);
    }

    [Fact]
    public void Evaluate_WhenAFileSetHasNeverSucceededOrNotForLong_Warns()
    {
        var never = Production() with { LastSuccesses = [new FileSetLastSuccess("alice/docs", "TOBACKUP", null)] };
        // The schedule is every 15 minutes: more than two intervals ago is old.
        var old = Production() with { LastSuccesses = [new FileSetLastSuccess("alice/docs", "TOBACKUP", Now.AddMinutes(-31))] };

        var neverItem = Failing(Check(never, BackupSide()), ReadinessCategory.LastRun);
        var oldItem = Failing(Check(old, BackupSide()), ReadinessCategory.LastRun);

        Assert.False(neverItem.Blocking);
        Assert.Contains("has not yet run successfully to TOBACKUP", neverItem.Reason, StringComparison.Ordinal);
        Assert.False(oldItem.Blocking);
        Assert.Contains("more than twice its schedule's interval", oldItem.Reason, StringComparison.Ordinal);
        Assert.True(Check(old, BackupSide()).Ready);
    }

    [Theory]
    [InlineData(45, false, true)]
    [InlineData(-45, false, true)]
    [InlineData(5, false, false)]
    [InlineData(1, true, false)]
    public void Evaluate_ByClockSkew_RefusesOverTheMaximumAndWarnsOverTheWarning(int skewSeconds, bool ready, bool blocking)
    {
        // The backup read its clock halfway through a 20 ms round trip, skewSeconds off.
        var backup = BackupSide() with { Clock = Now - TimeSpan.FromMilliseconds(10) + TimeSpan.FromSeconds(skewSeconds) };

        var report = Check(Production(), backup);

        var clock = Assert.Single(report.Items, i => i.Category == ReadinessCategory.Clock);
        Assert.Equal(ready, clock.Ready);
        Assert.Equal(!blocking, report.Ready);
        Assert.Equal(TimeSpan.FromSeconds(skewSeconds), report.ClockSkew);
        if (!ready)
        {
            Assert.Equal(blocking, clock.Blocking);
            Assert.Contains(skewSeconds > 0 ? "ahead of PROD's" : "behind PROD's", clock.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Evaluate_WhenTheRoundTripIsLongerThanTheSkew_DoesNotBlameTheClock()
    {
        // A 70 s round trip: the backup's reading, 35 s past the moment of sending, fits a backup clock in step.
        var backup = BackupSide() with { Clock = Now - TimeSpan.FromSeconds(35) };

        var report = Check(Production(), backup, roundTrip: TimeSpan.FromSeconds(70));

        Assert.True(Assert.Single(report.Items, i => i.Category == ReadinessCategory.Clock).Ready);
    }

    [Fact]
    public void Evaluate_WhenTheBackupDidNotAnswer_RefusesWithWhyAndStillReportsWhatProductionKnows()
    {
        var report = Check(Production(), null, "no answer within 5 s");

        Assert.False(report.Ready);
        Assert.Null(report.ClockSkew);
        var group = Assert.Single(report.Items, i => i.Category == ReadinessCategory.Group);
        Assert.False(group.Ready);
        Assert.Contains("BACKUP did not answer (no answer within 5 s)", group.Reason, StringComparison.Ordinal);
        Assert.Contains(report.Items, i => i.Category == ReadinessCategory.Backlog);
        Assert.Contains(report.Items, i => i.Category == ReadinessCategory.LastRun);
        Assert.DoesNotContain(report.Items, i => i.Category is ReadinessCategory.User or ReadinessCategory.Journal or ReadinessCategory.Clock);
    }

    [Fact]
    public void Evaluate_WhenTheBackupHasNotLearnedTheEpoch_RefusesOnTheGroup()
    {
        var b = BackupSide();
        var report = Check(Production(), b with { Gate = b.Gate with { Epoch = 2 } });

        var group = Failing(report, ReadinessCategory.Group);
        Assert.Contains("BACKUP is at epoch 2, PROD at 3", group.Reason, StringComparison.Ordinal);
        Assert.False(report.Ready);
    }

    [Fact]
    public void Evaluate_WhenTheBackupHasNoGroup_RefusesOnTheGroup()
    {
        var report = Check(Production(), BackupSide() with { Gate = RoleGate.Ungrouped(Backup) });

        Assert.Contains("BACKUP has no HA group defined", Failing(report, ReadinessCategory.Group).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenCheckedFromTheBackup_RefusesNamingProduction()
    {
        var p = Production();
        var report = Check(p with { Gate = p.Gate with { Role = SystemRole.Backup, Production = "OTHER" } }, BackupSide());

        Assert.Contains("PROD is not production (production is OTHER at epoch 3)", Failing(report, ReadinessCategory.Group).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_RoundsDownAndIsFullWithNoItems()
    {
        ReadinessItem Item(bool ready) => new(ReadinessCategory.User, "u", ready, "r");

        Assert.Equal(100, ReadinessCheck.Score([]));
        Assert.Equal(66, ReadinessCheck.Score([Item(true), Item(true), Item(false)]));
        Assert.Equal(0, ReadinessCheck.Score([Item(false)]));
    }
}
