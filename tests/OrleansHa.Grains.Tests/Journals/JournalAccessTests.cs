using OrleansHa.Journals;
using OrleansHa.Security;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>Who may use a journal: its definition names an owner, readers and writers; without them only the administrator.</summary>
public sealed class JournalAccessTests(TwoSystemsFixture systems) : IClassFixture<TwoSystemsFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private static JournalChange[] One(string key) => [JournalChange.Put(key, T0, new() { ["n"] = "1" })];

    private async Task DefineAsync(string name, string? owner = null, string[]? readers = null, string[]? writers = null)
        => await systems.Journal(name).DefineAsync(new JournalDefinition([TwoSystemsFixture.BackupAddress], [], Owner: owner, Readers: readers, Writers: writers));

    [Fact]
    public async Task AppendAsync_WhenTheJournalNamesNobody_OnlyTheAdministratorMayUseIt()
    {
        await DefineAsync("acl-admin");
        await systems.Journal("acl-admin").AppendAsync("r0", One("a"));

        var append = await Assert.ThrowsAsync<AccessDeniedException>(() => systems.JournalAs("acl-admin", "mallory").AppendAsync("r1", One("b")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => systems.JournalAs("acl-admin", "mallory").GetRecordAsync("a"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => systems.JournalAs("acl-admin", "mallory").ListKeysAsync(string.Empty, null, 10));
        await Assert.ThrowsAsync<AccessDeniedException>(() => systems.JournalAs("acl-admin", "mallory").GetHistoryAsync("a", 10));
        await Assert.ThrowsAsync<AccessDeniedException>(() => systems.JournalAs("acl-admin", "mallory").GetActivityAsync(null, null, null, 10));
        await Assert.ThrowsAsync<AccessDeniedException>(() => systems.JournalAs("acl-admin", "mallory").GetStatusAsync());

        Assert.Contains("user mallory", append.Message, StringComparison.Ordinal);
        Assert.Contains("acl-admin", append.Message, StringComparison.Ordinal);
        Assert.Null(await systems.Journal("acl-admin").GetRecordAsync("b"));
    }

    [Fact]
    public async Task AppendAsync_WhenCallerIsOwnerWriterOrReader_OwnerAndWritersWriteReadersOnlyRead()
    {
        await DefineAsync("acl-roles", owner: "olga", readers: ["rita"], writers: ["walt"]);

        var byOwner = await systems.JournalAs("acl-roles", "olga").AppendAsync("o1", One("o"));
        var byWriter = await systems.JournalAs("acl-roles", "walt").AppendAsync("w1", One("w"));
        var byReader = await Assert.ThrowsAsync<AccessDeniedException>(() => systems.JournalAs("acl-roles", "rita").AppendAsync("r1", One("r")));
        var readerSees = await systems.JournalAs("acl-roles", "rita").ListKeysAsync(string.Empty, null, 10);
        var readerHistory = await systems.JournalAs("acl-roles", "rita").GetHistoryAsync("o", 10);
        var stranger = await Assert.ThrowsAsync<AccessDeniedException>(() => systems.JournalAs("acl-roles", "sam").GetRecordAsync("o"));

        Assert.True(byOwner.Accepted && byWriter.Accepted);
        Assert.Contains("user rita", byReader.Message, StringComparison.Ordinal);
        Assert.Equal(["o", "w"], readerSees);
        Assert.Single(readerHistory);
        Assert.Contains("user sam", stranger.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefineAsync_WhenAReaderNameIsInvalid_IsRefusedNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => DefineAsync("acl-bad", readers: ["../x"]));

        Assert.Contains("'../x'", error.Message, StringComparison.Ordinal);
    }
}
