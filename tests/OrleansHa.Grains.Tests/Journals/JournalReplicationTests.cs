using OrleansHa.Journals;
using OrleansHa.Security;

namespace OrleansHa.Grains.Tests.Journals;

public sealed class JournalReplicationTests(TwoSystemsFixture systems) : IClassFixture<TwoSystemsFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private static JournalChange Put(string key, int minute, params (string Name, string Value)[] fields)
        => JournalChange.Put(key, T0.AddMinutes(minute), fields.ToDictionary(f => f.Name, f => (string?)f.Value));

    [Fact]
    public async Task AppendAsync_WhenReceiverUp_ReplicaHasRecordsAndSenderSeesAcknowledgement()
    {
        await systems.DefineAsync("basic");

        var result = await systems.Journal("basic").AppendAsync("r1", [Put("a", 1, ("name", "Ann")), Put("b", 1, ("name", "Bob"))]);

        Assert.Equal((1L, 2L), (result.FirstSequence, result.LastSequence));
        Assert.True(await systems.ReplicatedAsync("basic", 2));
        Assert.Equal("Ann", (await systems.Replica("basic").GetRecordAsync("a"))!.Fields["name"]);
        Assert.Equal(["a", "b"], await systems.Replica("basic").ListKeysAsync(string.Empty, null, 10));
        var status = await systems.Journal("basic").GetStatusAsync();
        Assert.Equal(0, status.Receivers.Single().Lag);
        Assert.Equal(systems.Prod.Silos[0].SiloAddress.ToString(), status.Silo);
        Assert.Equal(systems.Backup.Silos[0].SiloAddress.ToString(), (await systems.Replica("basic").GetStatusAsync()).Silo);
    }

    [Fact]
    public async Task AppendAsync_WhenRetriedWithSameRequestId_ReplicaAppliesOnce()
    {
        await systems.DefineAsync("retry");
        JournalChange[] changes = [Put("a", 1, ("n", "1"))];

        var first = await systems.Journal("retry").AppendAsync("same", changes);
        var again = await systems.Journal("retry").AppendAsync("same", changes);

        Assert.True(again.Duplicate);
        Assert.Equal(first.LastSequence, again.LastSequence);
        Assert.True(await systems.ReplicatedAsync("retry", 1));
        Assert.Single(await systems.Replica("retry").GetHistoryAsync("a", 10));
        Assert.Equal(1, (await systems.Journal("retry").GetStatusAsync()).LastSequence);
    }

    [Fact]
    public async Task ReceiveAsync_WhenSameBatchArrivesTwice_AppliesItOnce()
    {
        var replica = systems.Backup.Client.GetGrain<IRemoteJournalGrain>("dup@PROD");
        JournalEntry[] batch = [new(1, Put("a", 1, ("n", "1"))), new(2, JournalChange.Patch("a", T0.AddMinutes(2), new() { ["n"] = "2" }))];

        await replica.ReceiveAsync(batch);
        var second = await replica.ReceiveAsync(batch);

        Assert.Equal((2L, 0, 2), (second.LastApplied, second.Applied, second.Duplicates));
        var status = await replica.GetStatusAsync();
        Assert.Equal((2L, 2L), (status.Applied, status.Duplicates));
        Assert.Equal(2, (await replica.GetHistoryAsync("a", 10)).Length);
    }

    [Fact]
    public async Task ReceiveAsync_WhenBatchSkipsSequences_RefusesItAndAnswersWhereToResume()
    {
        var replica = systems.Backup.Client.GetGrain<IRemoteJournalGrain>("gap@PROD");
        await replica.ReceiveAsync([new(1, Put("a", 1, ("n", "1")))]);

        var answer = await replica.ReceiveAsync([new(5, Put("b", 1, ("n", "1")))]);

        Assert.True(answer.GapRefused);
        Assert.Equal(1, answer.LastApplied);
        Assert.Null(await replica.GetRecordAsync("b"));
    }

    [Fact]
    public async Task ReceiveAsync_WhenPutAndDeleteAreStale_RejectsCountsAndRecordsActivity()
    {
        var replica = systems.Backup.Client.GetGrain<IRemoteJournalGrain>("stale@PROD");
        await replica.ReceiveAsync([new(1, Put("a", 10, ("name", "new")))]);

        var answer = await replica.ReceiveAsync([new(2, Put("a", 9, ("name", "old"))), new(3, JournalChange.Delete("a", T0.AddMinutes(10)))]);

        Assert.Equal((3L, 2), (answer.LastApplied, answer.Rejected));
        Assert.Equal("new", (await replica.GetRecordAsync("a"))!.Fields["name"]);
        var status = await replica.GetStatusAsync();
        Assert.Equal((1L, 1L), (status.RejectedPuts, status.RejectedDeletes));
        var activity = await replica.GetActivityAsync("a", null, null, 10);
        Assert.Equal(2, activity.Count(a => a.Kind == ActivityKind.Rejected));
    }

    [Fact]
    public async Task Ship_WhenPatchOfExistingRecord_ReplicaChangesOnlyNamedFields()
    {
        await systems.DefineAsync("patch");
        await systems.Journal("patch").AppendAsync("r1", [Put("u1", 1, ("name", "Ann"), ("dept", "ops"))]);

        await systems.Journal("patch").AppendAsync("r2", [JournalChange.Patch("u1", T0.AddMinutes(2), new() { ["dept"] = "dev" })]);

        Assert.True(await systems.ReplicatedAsync("patch", 2));
        var record = (await systems.Replica("patch").GetRecordAsync("u1"))!;
        Assert.Equal(("Ann", "dev"), (record.Fields["name"], record.Fields["dept"]));
        Assert.Equal(T0.AddMinutes(2), record.Timestamp);
    }

    [Fact]
    public async Task AppendAsync_WhenReceiverAtQueueLimit_RefusesNamingReceiverAndLag()
    {
        await systems.DefineAsync("limit", queueLimit: 3);
        await systems.Journal("limit").DisableAsync("BACKUP");
        await systems.Journal("limit").AppendAsync("r1", [Put("a", 1, ("n", "1")), Put("b", 1, ("n", "1")), Put("c", 1, ("n", "1"))]);

        var refused = await systems.Journal("limit").AppendAsync("r2", [Put("d", 1, ("n", "1"))]);

        Assert.False(refused.Accepted);
        Assert.Contains("BACKUP", refused.Error, StringComparison.Ordinal);
        Assert.Contains("3 entries behind", refused.Error, StringComparison.Ordinal);
        Assert.Null(await systems.Journal("limit").GetRecordAsync("d"));
        await systems.Journal("limit").EnableAsync("BACKUP");
        Assert.True(await systems.ReplicatedAsync("limit", 3));
        Assert.True((await systems.Journal("limit").AppendAsync("r3", [Put("d", 1, ("n", "1"))])).Accepted);
    }

    [Fact]
    public async Task EnableAsync_WhenChangesWereAppendedWhileDisabled_ShipsThemAfterwards()
    {
        await systems.DefineAsync("maint");
        await systems.Journal("maint").DisableAsync(null);
        await systems.Journal("maint").AppendAsync("r1", [Put("a", 1, ("n", "1")), Put("b", 1, ("n", "1"))]);
        // Past several ship intervals: the ship timer has had its chances to send while replication was off.
        await systems.Clock.AdvanceAsync(TimeSpan.FromSeconds(5));
        var whileDisabled = await systems.Journal("maint").GetStatusAsync();
        await systems.Journal("maint").EnableAsync(null);

        Assert.Equal((false, 2L), (whileDisabled.Receivers.Single().Enabled, whileDisabled.Receivers.Single().Lag));
        Assert.True(await systems.ReplicatedAsync("maint", 2));
        Assert.NotNull(await systems.Replica("maint").GetRecordAsync("b"));
    }

    [Fact]
    public async Task AppendAsync_WhenSelectionRuleDropsLastAccessOnlyChange_AppliesLocallyButDoesNotShip()
    {
        await systems.DefineAsync("lids", rules: new SelectionRule("lids", ["lastAccess"], ["password"], SelectionAction.Drop));
        await systems.Journal("lids").AppendAsync("r1", [Put("u1", 1, ("lastAccess", "mon"), ("password", "p"))]);

        var dropped = await systems.Journal("lids").AppendAsync("r2", [JournalChange.Patch("u1", T0.AddMinutes(2), new() { ["lastAccess"] = "tue" })]);
        var kept = await systems.Journal("lids").AppendAsync("r3", [JournalChange.Patch("u1", T0.AddMinutes(3), new() { ["lastAccess"] = "wed", ["password"] = "q" })]);

        Assert.Equal((0, 1), (dropped.Journaled, dropped.Filtered));
        Assert.Equal(2, kept.LastSequence);
        Assert.True(await systems.ReplicatedAsync("lids", 2));
        Assert.Equal("wed", (await systems.Replica("lids").GetRecordAsync("u1"))!.Fields["lastAccess"]);
        Assert.Equal(2, (await systems.Replica("lids").GetHistoryAsync("u1", 10)).Length);
        Assert.Equal(3, (await systems.Journal("lids").GetHistoryAsync("u1", 10)).Length);
    }

    [Fact]
    public async Task Ship_WhenManyEntries_ArriveInOrderInPages()
    {
        await systems.DefineAsync("mass");
        for (var b = 0; b < 5; b++)
        {
            var batch = Enumerable.Range(b * 1000, 1000).Select(i => Put($"k{i:D5}", i, ("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
            await systems.Journal("mass").AppendAsync($"mass-{b}", batch);
        }

        Assert.True(await systems.ReplicatedAsync("mass", 5000));
        var status = await systems.Replica("mass").GetStatusAsync();
        Assert.Equal((5000L, 5000L, 0L), (status.LastApplied, status.Applied, status.Duplicates));
        Assert.Equal("4999", (await systems.Replica("mass").GetRecordAsync("k04999"))!.Fields["n"]);
    }

    [Fact]
    public async Task DefineAsync_WhenCallerIsAUser_IsRefused()
    {
        var journal = systems.Journal("users-only");
        CallerPrincipal.ActAs("alice", administrator: false);
        try
        {
            var error = await Assert.ThrowsAsync<AccessDeniedException>(() => journal.DefineAsync(new JournalDefinition([TwoSystemsFixture.BackupAddress], [])));
            Assert.Contains("alice", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task AppendAsync_WhenChangeIsInvalid_FailsNamingTheProblem()
    {
        await systems.DefineAsync("invalid");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => systems.Journal("invalid").AppendAsync("r1", [JournalChange.Patch("a", T0, [])]));

        Assert.Contains("Patch names at least one field", error.Message, StringComparison.Ordinal);
    }
}
