using Orleans.Storage;

namespace OrleansHa.Storage.Tests.Conformance;

/// <summary>
/// What every <see cref="IGrainStorage"/> must do, as Orleans' own providers do it: our SQLite provider and Orleans'
/// Azure blob provider both run it. A provider's test class derives from this and supplies the storage; tests share
/// it, so each uses fresh grain ids. What only our provider promises (messages, argument checks) is tested beside it.
/// </summary>
public abstract class GrainStorageConformanceTests
{
    protected abstract IGrainStorage Storage { get; }

    protected static GrainId NewGrainId(string type = "conformance") => GrainId.Create(type, Guid.NewGuid().ToString("N"));

    protected static StoredState NewState(string name, int count = 1)
        => new(new TestState { Name = name, Count = count, Items = ["a", name], Version = count });

    [Fact]
    public async Task ReadStateAsync_WhenRecordMissing_ReportsNoRecord()
    {
        var state = new StoredState(new TestState { Name = "fresh" }) { ETag = "leftover", RecordExists = true };

        await Storage.ReadStateAsync("profile", NewGrainId(), state);

        Assert.NotNull(state.State);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task WriteStateAsync_ThenRead_ReturnsStateFieldsAndETag()
    {
        var id = NewGrainId();
        var written = NewState("alice", 7);

        await Storage.WriteStateAsync("profile", id, written);
        var read = new StoredState();
        await Storage.ReadStateAsync("profile", id, read);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("alice", read.State.Name);
        Assert.Equal(7, read.State.Count);
        Assert.Equal(7, read.State.Version);
        Assert.Equal(["a", "alice"], read.State.Items);
    }

    [Fact]
    public async Task WriteStateAsync_WhenWrittenTwice_ChangesETag()
    {
        var id = NewGrainId();
        var state = NewState("one");
        await Storage.WriteStateAsync("profile", id, state);
        var first = state.ETag;

        state.State.Count = 2;
        await Storage.WriteStateAsync("profile", id, state);

        Assert.NotEqual(first, state.ETag);
        var read = new StoredState();
        await Storage.ReadStateAsync("profile", id, read);
        Assert.Equal(2, read.State.Count);
    }

    [Fact]
    public async Task WriteStateAsync_WhenETagStale_ThrowsAndKeepsRecord()
    {
        var id = NewGrainId();
        var winner = NewState("winner");
        await Storage.WriteStateAsync("profile", id, winner);
        var loser = NewState("loser");
        loser.ETag = winner.ETag;
        winner.State.Count = 2;
        await Storage.WriteStateAsync("profile", id, winner);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("profile", id, loser));

        var read = new StoredState();
        await Storage.ReadStateAsync("profile", id, read);
        Assert.Equal("winner", read.State.Name);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task WriteStateAsync_WhenNullETagOverExistingRecord_Throws()
    {
        var id = NewGrainId();
        await Storage.WriteStateAsync("profile", id, NewState("first"));
        var second = NewState("second");

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("profile", id, second));

        Assert.Null(second.ETag);
        var read = new StoredState();
        await Storage.ReadStateAsync("profile", id, read);
        Assert.Equal("first", read.State.Name);
    }

    [Fact]
    public async Task WriteStateAsync_WhenETagGivenForMissingRecord_Throws()
    {
        var state = NewState("ghost");
        state.ETag = "12345";

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("profile", NewGrainId(), state));
    }

    [Fact]
    public async Task ClearStateAsync_WhenETagMatches_DeletesRecord()
    {
        var id = NewGrainId();
        var state = NewState("doomed");
        await Storage.WriteStateAsync("profile", id, state);

        await Storage.ClearStateAsync("profile", id, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        var read = new StoredState(new TestState { Name = "fresh" });
        await Storage.ReadStateAsync("profile", id, read);
        Assert.False(read.RecordExists);
        Assert.NotEqual("doomed", read.State.Name);
    }

    [Fact]
    public async Task ClearStateAsync_WhenETagStale_ThrowsAndKeepsRecord()
    {
        var id = NewGrainId();
        var state = NewState("kept");
        await Storage.WriteStateAsync("profile", id, state);
        var stale = new StoredState(state.State, state.ETag);
        await Storage.WriteStateAsync("profile", id, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("profile", id, stale));

        var read = new StoredState();
        await Storage.ReadStateAsync("profile", id, read);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task ClearStateAsync_WhenRecordMissingAndNoETag_Succeeds()
    {
        var state = new StoredState();

        await Storage.ClearStateAsync("profile", NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task WriteStateAsync_WhenRecordClearedAndRewritten_RejectsETagFromBeforeClear()
    {
        var id = NewGrainId();
        var state = NewState("v1");
        await Storage.WriteStateAsync("profile", id, state);
        var beforeClear = state.ETag;
        await Storage.ClearStateAsync("profile", id, state);
        await Storage.WriteStateAsync("profile", id, state);
        var stale = NewState("stale");
        stale.ETag = beforeClear;

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("profile", id, stale));

        Assert.NotEqual(beforeClear, state.ETag);
    }

    [Fact]
    public async Task WriteStateAsync_WhenManyGrainsWriteConcurrently_StoresEveryRecord()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => NewGrainId()).ToArray();

        await Task.WhenAll(ids.Select((id, i) => Storage.WriteStateAsync("profile", id, NewState($"g{i}", i))));

        for (var i = 0; i < ids.Length; i++)
        {
            var read = new StoredState();
            await Storage.ReadStateAsync("profile", ids[i], read);
            Assert.Equal($"g{i}", read.State.Name);
            Assert.Equal(i, read.State.Count);
        }
    }

    [Fact]
    public async Task WriteStateAsync_WhenStateIsLarge_RoundTrips()
    {
        var id = NewGrainId();
        var big = new string('x', 256 * 1024);
        var state = new StoredState(new TestState { Name = big, Items = [.. Enumerable.Range(0, 10_000).Select(i => $"item-{i}")] });

        await Storage.WriteStateAsync("profile", id, state);
        var read = new StoredState();
        await Storage.ReadStateAsync("profile", id, read);

        Assert.Equal(big, read.State.Name);
        Assert.Equal(10_000, read.State.Items.Count);
        Assert.Equal("item-9999", read.State.Items[^1]);
    }

    [Fact]
    public async Task WriteStateAsync_WhenStateNamesDiffer_KeepsSeparateRecords()
    {
        var id = NewGrainId();
        var other = NewGrainId();
        await Storage.WriteStateAsync("profile", id, NewState("profile-of-id"));
        await Storage.WriteStateAsync("settings", id, NewState("settings-of-id"));
        await Storage.WriteStateAsync("profile", other, NewState("profile-of-other"));

        var profile = new StoredState();
        var settings = new StoredState();
        var otherProfile = new StoredState();
        var otherSettings = new StoredState();
        await Storage.ReadStateAsync("profile", id, profile);
        await Storage.ReadStateAsync("settings", id, settings);
        await Storage.ReadStateAsync("profile", other, otherProfile);
        await Storage.ReadStateAsync("settings", other, otherSettings);

        Assert.Equal("profile-of-id", profile.State.Name);
        Assert.Equal("settings-of-id", settings.State.Name);
        Assert.Equal("profile-of-other", otherProfile.State.Name);
        Assert.False(otherSettings.RecordExists);
    }

    [Fact]
    public async Task WriteStateAsync_WhenKeyHasAwkwardCharacters_RoundTrips()
    {
        var id = GrainId.Create("conformance.type", $"a/b c~%é😀/../{Guid.NewGuid():N}");
        var state = NewState("awkward");

        await Storage.WriteStateAsync("state/with slash", id, state);
        var read = new StoredState();
        await Storage.ReadStateAsync("state/with slash", id, read);

        Assert.Equal("awkward", read.State.Name);
        var prefixOnly = new StoredState();
        await Storage.ReadStateAsync("state", id, prefixOnly);
        Assert.False(prefixOnly.RecordExists);
    }
}
