using OrleansHa.Journals;

namespace OrleansHa.Storage.Tests.Journals;

public sealed class SelectionEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 23, 30, 0, TimeSpan.Zero);
    private static readonly JournalRecord Stored = new("u1", new() { ["lastAccess"] = "a", ["password"] = "p", ["name"] = "Ann" }, T0.AddDays(-1));
    private static readonly SelectionRule[] DropLastAccess = [new("lids", ["lastAccess"], ["password"], SelectionAction.Drop)];

    [Fact]
    public void Evaluate_WhenPatchTouchesOnlyListedField_MatchesRule()
    {
        var decision = SelectionEvaluator.Evaluate(DropLastAccess, Stored, JournalChange.Patch("u1", T0, new() { ["lastAccess"] = "b" }));

        Assert.True(decision.DropAlways);
        Assert.Equal("lids", decision.Rule);
    }

    [Fact]
    public void Evaluate_WhenUnlessFieldChangesToo_Journals()
    {
        var change = JournalChange.Patch("u1", T0, new() { ["lastAccess"] = "b", ["password"] = "q" });

        Assert.True(SelectionEvaluator.Evaluate([new("r", ["lastAccess", "password"], ["password"], SelectionAction.Drop)], Stored, change).JournalAlways);
    }

    [Fact]
    public void Evaluate_WhenPutChangesOnlyListedField_MatchesRule()
    {
        var put = JournalChange.Put("u1", T0, new() { ["lastAccess"] = "b", ["password"] = "p", ["name"] = "Ann" });
        var putDroppingName = JournalChange.Put("u1", T0, new() { ["lastAccess"] = "b", ["password"] = "p" });

        Assert.True(SelectionEvaluator.Evaluate(DropLastAccess, Stored, put).DropAlways);
        Assert.True(SelectionEvaluator.Evaluate(DropLastAccess, Stored, putDroppingName).JournalAlways);
    }

    [Fact]
    public void Evaluate_WhenRecordMissingOrDelete_AlwaysJournals()
    {
        Assert.True(SelectionEvaluator.Evaluate(DropLastAccess, null, JournalChange.Patch("u1", T0, new() { ["lastAccess"] = "b" })).JournalAlways);
        Assert.True(SelectionEvaluator.Evaluate(DropLastAccess, Stored, JournalChange.Delete("u1", T0)).JournalAlways);
    }

    [Fact]
    public void Evaluate_WhenOnceADayInZone_UsesThatZonesCalendarDay()
    {
        SelectionRule[] rules = [new("onceaday", ["lastAccess"], [], SelectionAction.OncePerKeyPerDay, "Europe/Berlin")];

        var decision = SelectionEvaluator.Evaluate(rules, Stored, JournalChange.Patch("u1", T0, new() { ["lastAccess"] = "b" }));

        // 23:30 UTC on the 21st is 00:30 on the 22nd in Berlin.
        Assert.Equal("2026-11-22", decision.Day);
    }

    [Fact]
    public void Validate_WhenZoneUnknown_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => SelectionEvaluator.Validate([new("r", ["a"], [], SelectionAction.OncePerKeyPerDay, "Mars/Olympus")]));

        Assert.Contains("Mars/Olympus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenNoOnlyFields_ThrowsNamingRule()
    {
        var error = Assert.Throws<ArgumentException>(() => SelectionEvaluator.Validate([new("empty", [], [], SelectionAction.Drop)]));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }
}
