namespace OrleansHa.Storage.Tests.Conformance;

/// <summary>
/// What every Orleans <see cref="IReminderTable"/> must do, incl. the reminder service's reads by ranges of
/// <see cref="GrainId.GetUniformHashCode"/> with Orleans' semantics: (begin, end], wrapping past
/// <see cref="uint.MaxValue"/> when begin &gt;= end, the whole ring when begin == end. Our SQLite table and Orleans'
/// Azure table both run it. The table is started and shared by the class's tests, so each uses fresh grain ids
/// and looks only at its own rows.
/// </summary>
public abstract class ReminderTableConformanceTests
{
    private static readonly DateTime Start = new(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc);

    protected abstract IReminderTable Table { get; }

    protected static GrainId NewGrainId(string suffix = "") => GrainId.Create("reminding", Guid.NewGuid().ToString("N") + suffix);

    protected static ReminderEntry Entry(GrainId grainId, string name, int minutes = 5)
        => new() { GrainId = grainId, ReminderName = name, StartAt = Start, Period = TimeSpan.FromMinutes(minutes) };

    [Fact]
    public async Task ReadRow_WhenMissing_ReturnsNull()
    {
        var row = await Table.ReadRow(NewGrainId(), "nothing");

        Assert.Null(row);
    }

    [Fact]
    public async Task UpsertRow_ThenReadRow_ReturnsEntryWithETag()
    {
        var id = NewGrainId();

        var eTag = await Table.UpsertRow(Entry(id, "tick", 5));
        var row = await Table.ReadRow(id, "tick");

        Assert.NotNull(row);
        Assert.False(string.IsNullOrEmpty(eTag));
        Assert.Equal(eTag, row.ETag);
        Assert.Equal(id, row.GrainId);
        Assert.Equal("tick", row.ReminderName);
        Assert.Equal(Start, row.StartAt.ToUniversalTime());
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
    }

    [Fact]
    public async Task UpsertRow_WhenRowExists_ReplacesItAndChangesETag()
    {
        var id = NewGrainId();
        var first = await Table.UpsertRow(Entry(id, "tick", 5));

        var second = await Table.UpsertRow(Entry(id, "tick", 7));
        var row = await Table.ReadRow(id, "tick");

        Assert.NotEqual(first, second);
        Assert.NotNull(row);
        Assert.Equal(second, row.ETag);
        Assert.Equal(TimeSpan.FromMinutes(7), row.Period);
        Assert.Single((await Table.ReadRows(id)).Reminders);
    }

    [Fact]
    public async Task ReadRows_WhenGrainIdsSharePrefix_ReturnsOnlyThatGrainsReminders()
    {
        var id = NewGrainId();
        var longer = GrainId.Create(id.Type.ToString()!, id.Key + "x");
        await Table.UpsertRow(Entry(id, "a"));
        await Table.UpsertRow(Entry(id, "b"));
        await Table.UpsertRow(Entry(longer, "a"));

        var rows = (await Table.ReadRows(id)).Reminders;

        Assert.Equal(["a", "b"], rows.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(id, r.GrainId));
    }

    [Fact]
    public async Task ReadRows_WhenBeginBelowEnd_ReturnsHashesAboveBeginUpToEnd()
    {
        var grains = await UpsertGrainsAsync(24);

        // (hash of the 5th, hash of the 15th]: the 6th to the 15th, not the 5th itself.
        var rows = await OwnRowsAsync(grains, grains[4].Hash, grains[14].Hash);

        Assert.Equal(grains[5..15].Select(g => g.Id), rows);
    }

    [Fact]
    public async Task ReadRows_WhenBeginAboveEnd_WrapsAroundTheRing()
    {
        var grains = await UpsertGrainsAsync(24);

        var rows = await OwnRowsAsync(grains, grains[19].Hash, grains[3].Hash);

        Assert.Equal(grains[20..].Concat(grains[..4]).Select(g => g.Id).OrderBy(HashOf), rows);
    }

    [Fact]
    public async Task ReadRows_WhenBeginEqualsEnd_ReturnsTheWholeRing()
    {
        var grains = await UpsertGrainsAsync(12);

        var rows = await OwnRowsAsync(grains, grains[6].Hash, grains[6].Hash);

        Assert.Equal(grains.Select(g => g.Id), rows);
    }

    [Fact]
    public async Task ReadRows_WhenRangeHoldsNoneOfTheHashes_ReturnsNoneOfThem()
    {
        var grains = await UpsertGrainsAsync(12);
        var (low, high) = grains.Zip(grains.Skip(1)).First(pair => pair.Second.Hash - pair.First.Hash > 1);

        var rows = await OwnRowsAsync(grains, low.Hash, high.Hash - 1);

        Assert.Empty(rows);
    }

    [Fact]
    public async Task RemoveRow_WhenETagMatches_RemovesAndReturnsTrue()
    {
        var id = NewGrainId();
        var eTag = await Table.UpsertRow(Entry(id, "tick"));

        var removed = await Table.RemoveRow(id, "tick", eTag!);

        Assert.True(removed);
        Assert.Null(await Table.ReadRow(id, "tick"));
    }

    [Fact]
    public async Task RemoveRow_WhenETagStale_ReturnsFalseAndKeepsRow()
    {
        var id = NewGrainId();
        var stale = await Table.UpsertRow(Entry(id, "tick"));
        var current = await Table.UpsertRow(Entry(id, "tick", 9));

        var removed = await Table.RemoveRow(id, "tick", stale!);

        Assert.False(removed);
        var row = await Table.ReadRow(id, "tick");
        Assert.NotNull(row);
        Assert.Equal(current, row.ETag);
    }

    [Fact]
    public async Task RemoveRow_WhenMissing_ReturnsFalse()
    {
        var id = NewGrainId();
        var eTag = await Table.UpsertRow(Entry(id, "other"));

        var removed = await Table.RemoveRow(id, "never", eTag!);

        Assert.False(removed);
    }

    [Fact]
    public async Task TestOnlyClearTable_RemovesEveryRow()
    {
        var id = NewGrainId();
        await Table.UpsertRow(Entry(id, "tick"));

        await Table.TestOnlyClearTable();

        Assert.Empty((await Table.ReadRows(id)).Reminders);
        Assert.Empty((await Table.ReadRows(0, 0)).Reminders);
    }

    private static uint HashOf(GrainId id) => id.GetUniformHashCode();

    /// <summary>Fresh grains with one reminder each, in hash order.</summary>
    private async Task<(GrainId Id, uint Hash)[]> UpsertGrainsAsync(int count)
    {
        var grains = Enumerable.Range(0, count).Select(_ => NewGrainId()).Select(id => (Id: id, Hash: HashOf(id))).OrderBy(g => g.Hash).ToArray();
        foreach (var (id, _) in grains)
        {
            await Table.UpsertRow(Entry(id, "ranged"));
        }

        return grains;
    }

    /// <summary>The grains among <paramref name="own"/> that ReadRows(begin, end) returns, in hash order.</summary>
    private async Task<GrainId[]> OwnRowsAsync((GrainId Id, uint Hash)[] own, uint begin, uint end)
    {
        var mine = own.Select(g => g.Id).ToHashSet();
        var rows = (await Table.ReadRows(begin, end)).Reminders;
        return [.. rows.Select(r => r.GrainId).Where(mine.Contains).OrderBy(HashOf)];
    }
}
