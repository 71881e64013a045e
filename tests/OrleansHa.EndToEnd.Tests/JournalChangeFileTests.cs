using OrleansHa.Client.Commands;
using OrleansHa.Journals;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>The JSON-lines format `journal append` reads (no silo needed).</summary>
public sealed class JournalChangeFileTests
{
    [Fact]
    public async Task ReadAsync_WhenLinesAreValid_YieldsChangesInOrderSkippingBlanksAndComments()
    {
        using var reader = new StringReader("""
            # a comment

            {"op":"put","key":"u1","ts":"2026-11-21T08:00:00Z","fields":{"name":"Ann","age":42,"nick":null}}
            {"op":"PATCH","key":"u1","ts":"2026-11-21T09:00:00+01:00","fields":{"name":"Anne"}}
            {"op":"delete","key":"u1","ts":"2026-11-21T10:00:00Z"}
            """);

        var changes = new List<JournalChange>();
        await foreach (var change in JournalChangeFile.ReadAsync(reader, "test", CancellationToken.None))
        {
            changes.Add(change);
        }

        Assert.Equal([JournalChangeKind.Put, JournalChangeKind.Patch, JournalChangeKind.Delete], changes.Select(c => c.Kind));
        Assert.Equal("42", changes[0].Fields!["age"]);
        Assert.Null(changes[0].Fields!["nick"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero), changes[1].Timestamp.ToUniversalTime());
        Assert.Null(changes[2].Fields);
    }

    [Theory]
    [InlineData("{\"op\":\"upsert\",\"key\":\"k\",\"ts\":\"2026-11-21T08:00:00Z\",\"fields\":{}}", "\"op\" must be put, patch or delete")]
    [InlineData("{\"op\":\"put\",\"ts\":\"2026-11-21T08:00:00Z\",\"fields\":{}}", "\"key\" is required")]
    [InlineData("{\"op\":\"put\",\"key\":\"k\",\"fields\":{}}", "\"ts\" is required")]
    [InlineData("{\"op\":\"put\",\"key\":\"k\",\"ts\":\"yesterday\",\"fields\":{}}", "'yesterday'")]
    [InlineData("{\"op\":\"patch\",\"key\":\"k\",\"ts\":\"2026-11-21T08:00:00Z\"}", "needs \"fields\"")]
    [InlineData("{\"op\":\"delete\",\"key\":\"k\",\"ts\":\"2026-11-21T08:00:00Z\",\"fields\":{\"a\":\"b\"}}", "a delete carries no fields")]
    [InlineData("not json", "not valid JSON")]
    public void Parse_WhenLineIsWrong_ThrowsNamingLineAndProblem(string line, string expected)
    {
        var error = Assert.Throws<FormatException>(() => JournalChangeFile.Parse(line, "changes.jsonl line 7"));

        Assert.StartsWith("changes.jsonl line 7: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
