using OrleansHa.Journals;

namespace OrleansHa.Storage.Tests.Journals;

public sealed class RecordApplierTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private static JournalRecord Stored(DateTimeOffset at) => new("u1", new() { ["name"] = "Ann", ["dept"] = "ops" }, at);

    [Fact]
    public void Apply_WhenPatchOfExistingRecord_ChangesOnlyNamedFields()
    {
        var result = RecordApplier.Apply(Stored(T0), JournalChange.Patch("u1", T0.AddMinutes(1), new() { ["name"] = "Anne" }));

        Assert.Equal(ChangeOutcome.Patched, result.Outcome);
        Assert.Equal("Anne", result.Record!.Fields["name"]);
        Assert.Equal("ops", result.Record.Fields["dept"]);
        Assert.Equal(T0.AddMinutes(1), result.Record.Timestamp);
    }

    [Fact]
    public void Apply_WhenPatchOfMissingRecord_InsertsItWhole()
    {
        var result = RecordApplier.Apply(null, JournalChange.Patch("u1", T0, new() { ["name"] = "Anne" }));

        Assert.Equal(ChangeOutcome.Inserted, result.Outcome);
        Assert.Equal(RecordWrite.Upsert, result.Write);
        Assert.Equal(["name"], result.Record!.Fields.Keys);
    }

    [Fact]
    public void Apply_WhenPutNotNewer_RejectsIt()
    {
        var same = RecordApplier.Apply(Stored(T0), JournalChange.Put("u1", T0, new() { ["name"] = "X" }));
        var older = RecordApplier.Apply(Stored(T0), JournalChange.Put("u1", T0.AddTicks(-1), new() { ["name"] = "X" }));

        Assert.Equal(ChangeOutcome.RejectedStalePut, same.Outcome);
        Assert.Equal(ChangeOutcome.RejectedStalePut, older.Outcome);
        Assert.Equal(RecordWrite.None, same.Write);
    }

    [Fact]
    public void Apply_WhenPutNewer_ReplacesWholeRecord()
    {
        var result = RecordApplier.Apply(Stored(T0), JournalChange.Put("u1", T0.AddTicks(1), new() { ["name"] = "X" }));

        Assert.Equal(ChangeOutcome.Replaced, result.Outcome);
        Assert.False(result.Record!.Fields.ContainsKey("dept"));
    }

    [Fact]
    public void Apply_WhenDeleteNotNewer_RejectsIt()
    {
        var result = RecordApplier.Apply(Stored(T0), JournalChange.Delete("u1", T0));

        Assert.Equal(ChangeOutcome.RejectedStaleDelete, result.Outcome);
        Assert.Equal(RecordWrite.None, result.Write);
    }

    [Fact]
    public void Apply_WhenDeleteNewer_RemovesRecord()
    {
        Assert.Equal(RecordWrite.Remove, RecordApplier.Apply(Stored(T0), JournalChange.Delete("u1", T0.AddSeconds(1))).Write);
        Assert.Equal(ChangeOutcome.DeleteOfMissing, RecordApplier.Apply(null, JournalChange.Delete("u1", T0)).Outcome);
    }

    [Fact]
    public void Apply_WhenPatchIsOlderThanRecord_KeepsNewestTimestamp()
    {
        var result = RecordApplier.Apply(Stored(T0), JournalChange.Patch("u1", T0.AddMinutes(-5), new() { ["dept"] = "dev" }));

        Assert.Equal("dev", result.Record!.Fields["dept"]);
        Assert.Equal(T0, result.Record.Timestamp);
    }
}
