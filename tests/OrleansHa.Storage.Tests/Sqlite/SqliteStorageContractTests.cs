using Orleans.Storage;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Sqlite;

/// <summary>What our SQLite providers promise beyond the conformance kits: messages that name what is wrong, argument checks.</summary>
public sealed class SqliteStorageContractTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private readonly SqliteGrainStorage _storage = new(fixture.Database);
    private readonly SqliteReminderTable _reminders = new(fixture.Database);

    private static GrainId NewGrainId() => GrainId.Create("contract", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task WriteStateAsync_WhenETagStale_ThrowsNamingGrainStateAndBothETags()
    {
        var id = NewGrainId();
        var winner = new StoredState(new TestState { Name = "winner" });
        await _storage.WriteStateAsync("profile", id, winner);
        var loser = new StoredState(new TestState { Name = "loser" }, winner.ETag);
        await _storage.WriteStateAsync("profile", id, winner);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("profile", id, loser));

        Assert.Contains(id.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("'profile'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(winner.ETag, ex.StoredEtag);
        Assert.Equal(loser.ETag, ex.CurrentEtag);
    }

    [Fact]
    public async Task WriteStateAsync_WhenNullETagOverExistingRecord_ReportsStoredETag()
    {
        var id = NewGrainId();
        var first = new StoredState();
        await _storage.WriteStateAsync("profile", id, first);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("profile", id, new StoredState()));

        Assert.Null(ex.CurrentEtag);
        Assert.Equal(first.ETag, ex.StoredEtag);
    }

    // Not in the conformance kit: Orleans' Azure blob storage (on Azurite) deletes the record here instead.
    [Fact]
    public async Task ClearStateAsync_WhenNullETagOverExistingRecord_Throws()
    {
        var id = NewGrainId();
        await _storage.WriteStateAsync("profile", id, new StoredState("kept"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("profile", id, new StoredState()));
    }

    [Fact]
    public async Task ReadStateAsync_WhenRecordMissing_LeavesTheGivenState()
    {
        var given = new TestState { Name = "fresh" };
        var state = new StoredState(given);

        await _storage.ReadStateAsync("profile", NewGrainId(), state);

        Assert.Same(given, state.State);
    }

    [Fact]
    public async Task WriteStateAsync_WhenStateNameEmpty_ThrowsArgumentException()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _storage.WriteStateAsync(string.Empty, NewGrainId(), new StoredState()));

        Assert.Contains("state name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertRow_WhenNameEmpty_ThrowsArgumentException()
    {
        var entry = new ReminderEntry { GrainId = NewGrainId(), ReminderName = string.Empty, Period = TimeSpan.FromMinutes(1) };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _reminders.UpsertRow(entry));

        Assert.Contains("reminder name is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertRow_WhenStartAtIsLocal_StoresItAsUtc()
    {
        var id = NewGrainId();
        var local = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Local);

        await _reminders.UpsertRow(new ReminderEntry { GrainId = id, ReminderName = "r", StartAt = local, Period = TimeSpan.FromMinutes(1) });
        var row = await _reminders.ReadRow(id, "r");

        Assert.NotNull(row);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(local.ToUniversalTime(), row.StartAt);
    }
}
