using Orleans.Runtime;
using OrleansHa.Runtime.Reminders;

namespace OrleansHa.Storage.Tests.Conformance;

/// <summary>
/// What every <see cref="IReminderTable"/> must do. A provider's test class derives from this and supplies the
/// table (already initialized); tests share it, so each uses fresh grain ids.
/// </summary>
public abstract class ReminderTableConformanceTests
{
    private static readonly DateTime Start = new(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc);

    protected abstract IReminderTable Table { get; }

    protected static GrainId NewGrainId(string suffix = "") => GrainId.Create("reminding", Guid.NewGuid().ToString("N") + suffix);

    protected static ReminderEntry Entry(GrainId grainId, string name, int minutes = 5, DateTime? lastFired = null)
        => new(grainId, name, Start, TimeSpan.FromMinutes(minutes), lastFired, null);

    [Fact]
    public async Task ReadRowAsync_WhenMissing_ReturnsNull()
    {
        var row = await Table.ReadRowAsync(NewGrainId(), "nothing", CancellationToken.None);

        Assert.Null(row);
    }

    [Fact]
    public async Task UpsertRowAsync_ThenReadRow_ReturnsEntryWithETag()
    {
        var id = NewGrainId();
        var lastFired = Start.AddMinutes(10);

        var eTag = await Table.UpsertRowAsync(Entry(id, "tick", 5, lastFired), CancellationToken.None);
        var row = await Table.ReadRowAsync(id, "tick", CancellationToken.None);

        Assert.NotNull(row);
        Assert.False(string.IsNullOrEmpty(eTag));
        Assert.Equal(eTag, row.ETag);
        Assert.Equal(id, row.GrainId);
        Assert.Equal("tick", row.ReminderName);
        Assert.Equal(Start, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(lastFired, row.LastFiredUtc);
    }

    [Fact]
    public async Task UpsertRowAsync_WhenRowExists_ReplacesItAndChangesETag()
    {
        var id = NewGrainId();
        var first = await Table.UpsertRowAsync(Entry(id, "tick", 5), CancellationToken.None);

        var second = await Table.UpsertRowAsync(Entry(id, "tick", 7, Start.AddMinutes(7)), CancellationToken.None);
        var row = await Table.ReadRowAsync(id, "tick", CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.NotNull(row);
        Assert.Equal(second, row.ETag);
        Assert.Equal(TimeSpan.FromMinutes(7), row.Period);
        Assert.Equal(Start.AddMinutes(7), row.LastFiredUtc);
        Assert.Single(await Table.ReadRowsAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task ReadRowsAsync_WhenGrainIdsSharePrefix_ReturnsOnlyThatGrainsReminders()
    {
        var id = NewGrainId();
        var longer = GrainId.Create(id.Type.ToString(), id.Key + "x");
        await Table.UpsertRowAsync(Entry(id, "a"), CancellationToken.None);
        await Table.UpsertRowAsync(Entry(id, "b"), CancellationToken.None);
        await Table.UpsertRowAsync(Entry(longer, "a"), CancellationToken.None);

        var rows = await Table.ReadRowsAsync(id, CancellationToken.None);

        Assert.Equal(["a", "b"], rows.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(id, r.GrainId));
    }

    [Fact]
    public async Task ReadAllAsync_ReturnsEveryStoredReminder()
    {
        var first = NewGrainId();
        var second = NewGrainId("/odd key é");
        await Table.UpsertRowAsync(Entry(first, "one"), CancellationToken.None);
        await Table.UpsertRowAsync(Entry(second, "two/with slash"), CancellationToken.None);

        var all = await Table.ReadAllAsync(CancellationToken.None);

        Assert.Contains(all, r => r.GrainId == first && r.ReminderName == "one");
        Assert.Contains(all, r => r.GrainId == second && r.ReminderName == "two/with slash");
    }

    [Fact]
    public async Task RemoveRowAsync_WhenETagMatches_RemovesAndReturnsTrue()
    {
        var id = NewGrainId();
        var eTag = await Table.UpsertRowAsync(Entry(id, "tick"), CancellationToken.None);

        var removed = await Table.RemoveRowAsync(id, "tick", eTag, CancellationToken.None);

        Assert.True(removed);
        Assert.Null(await Table.ReadRowAsync(id, "tick", CancellationToken.None));
    }

    [Fact]
    public async Task RemoveRowAsync_WhenETagStale_ReturnsFalseAndKeepsRow()
    {
        var id = NewGrainId();
        var stale = await Table.UpsertRowAsync(Entry(id, "tick"), CancellationToken.None);
        var current = await Table.UpsertRowAsync(Entry(id, "tick", 9), CancellationToken.None);

        var removed = await Table.RemoveRowAsync(id, "tick", stale, CancellationToken.None);

        Assert.False(removed);
        var row = await Table.ReadRowAsync(id, "tick", CancellationToken.None);
        Assert.NotNull(row);
        Assert.Equal(current, row.ETag);
    }

    [Fact]
    public async Task RemoveRowAsync_WhenMissing_ReturnsFalse()
    {
        var removed = await Table.RemoveRowAsync(NewGrainId(), "never", "1", CancellationToken.None);

        Assert.False(removed);
    }

    [Fact]
    public async Task UpsertRowAsync_WhenNameEmpty_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Table.UpsertRowAsync(Entry(NewGrainId(), string.Empty), CancellationToken.None));
    }
}
