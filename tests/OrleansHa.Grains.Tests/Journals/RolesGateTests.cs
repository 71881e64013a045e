using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>The gate on appends, the epoch on entries, and the remote journal's fencing, in a group whose roles are steady.</summary>
public sealed class RolesGateTests(RolesGroupedFixture systems) : IClassFixture<RolesGroupedFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static JournalChange Put(string key, int minute, string value)
        => JournalChange.Put(key, T0.AddMinutes(minute), new() { ["v"] = value });

    [Fact]
    public async Task AppendAsync_WhenSystemIsTheBackup_RefusesNamingProductionAndStoresNothing()
    {
        await systems.DefineJournalAsync("BACKUP", "gate-backup");

        var refused = await Assert.ThrowsAsync<WritesRefusedException>(() => systems.Journal("BACKUP", "gate-backup").AppendAsync("r1", [Put("a", 1, "x")]));

        Assert.Contains("BACKUP is the backup system (epoch 1)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Production is PROD at 127.0.0.1:2", refused.Message, StringComparison.Ordinal);
        Assert.Equal(("PROD", 1L, false), (refused.Production, refused.Epoch, refused.Switching));
        Assert.Equal(0, (await systems.Journal("BACKUP", "gate-backup").GetStatusAsync()).LastSequence);
        Assert.Null(await systems.Journal("BACKUP", "gate-backup").GetRecordAsync("a"));
    }

    [Fact]
    public async Task AppendAsync_WhileSwitchingOver_RefusesSayingSoUntilTheGateIsSteadyAgain()
    {
        await systems.DefineJournalAsync("PROD", "gate-switch");
        await systems.Journal("PROD", "gate-switch").AppendAsync("r1", [Put("a", 1, "x")]);

        var closed = await systems.JournalAsSilo("PROD", "gate-switch").SetGateAsync(new RoleGate("PROD", 1, SystemRole.Production, HaGroupPhase.SwitchingOver, "PROD", null));
        var refused = await Assert.ThrowsAsync<WritesRefusedException>(() => systems.Journal("PROD", "gate-switch").AppendAsync("r2", [Put("b", 1, "y")]));
        await systems.JournalAsSilo("PROD", "gate-switch").SetGateAsync(new RoleGate("PROD", 1, SystemRole.Production, HaGroupPhase.Steady, "PROD", null));
        var reopened = await systems.Journal("PROD", "gate-switch").AppendAsync("r3", [Put("b", 2, "z")]);

        Assert.Equal(1, closed.LastSequence);
        Assert.Contains("PROD is switching over (epoch 1)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("append to journal 'gate-switch'", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.Switching);
        Assert.Equal((2L, 2L), (reopened.FirstSequence, reopened.LastSequence));
        Assert.Equal("z", (await systems.Journal("PROD", "gate-switch").GetRecordAsync("b"))!.Fields["v"]);
    }

    [Fact]
    public async Task SetGateAsync_WhenTheAdministratorCalls_IsDenied()
    {
        await systems.DefineJournalAsync("PROD", "gate-admin");

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => systems.Journal("PROD", "gate-admin").SetGateAsync(RoleGate.Ungrouped("PROD")));

        Assert.Contains("internal to the silos", denied.Message, StringComparison.Ordinal);
        await systems.Journal("PROD", "gate-admin").AppendAsync("r1", [Put("a", 1, "x")]);
    }

    [Fact]
    public async Task AppendAsync_WhenGrouped_EntriesCarryTheEpoch()
    {
        await systems.DefineJournalAsync("PROD", "gate-epoch");
        // Kept in the journal (not dropped after an acknowledgement) while the receiver is disabled.
        await systems.Journal("PROD", "gate-epoch").DisableAsync("BACKUP");

        await systems.Journal("PROD", "gate-epoch").AppendAsync("r1", [Put("a", 1, "x"), Put("b", 1, "y")]);
        var entries = await systems.Store("PROD").ReadEntriesAsync("gate-epoch", 0, 10, long.MaxValue, CancellationToken.None);

        Assert.Equal([(1L, 1L), (2L, 1L)], entries.Select(e => (e.Sequence, e.Epoch)));
    }

    [Fact]
    public async Task ReceiveAsync_WhenThisSystemIsProduction_FencesAndStoresNothing()
    {
        var replica = systems.Replica("PROD", "gate-fence@BACKUP");

        var answer = await replica.ReceiveAsync([new JournalEntry(1, Put("a", 1, "x"), 1)]);

        Assert.Equal((true, false, 1L, 0L, 0), (answer.Fenced, answer.ReceiverBehind, answer.Epoch, answer.LastApplied, answer.Applied));
        Assert.Equal(0, (await replica.GetStatusAsync()).LastApplied);
        Assert.Null(await replica.GetRecordAsync("a"));
        Assert.Contains(await replica.GetActivityAsync(null, null, null, 10), a => a.Kind == ActivityKind.Role && a.Detail.Contains("fenced", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReceiveAsync_WhenEntriesAreOfANewerEpoch_AnswersBehindAndStoresNothing()
    {
        var replica = systems.Replica("BACKUP", "gate-behind@PROD");

        var answer = await replica.ReceiveAsync([new JournalEntry(1, Put("a", 1, "x"), 2)]);

        Assert.Equal((false, true, 1L, 0L), (answer.Fenced, answer.ReceiverBehind, answer.Epoch, answer.LastApplied));
        Assert.Null(await replica.GetRecordAsync("a"));
    }

    [Fact]
    public async Task ReceiveAsync_WhenFromProductionAtTheEpoch_AppliesAndAnswersTheEpoch()
    {
        var replica = systems.Replica("BACKUP", "gate-take@PROD");

        var answer = await replica.ReceiveAsync([new JournalEntry(1, Put("a", 1, "x"), 1), new JournalEntry(2, Put("b", 1, "y"), 0)]);

        Assert.Equal((false, false, 1L, 2L, 2), (answer.Fenced, answer.ReceiverBehind, answer.Epoch, answer.LastApplied, answer.Applied));
        Assert.Equal("x", (await replica.GetRecordAsync("a"))!.Fields["v"]);
    }

    [Fact]
    public async Task Shipping_WhenGrouped_ReplicatesAndCountsAcknowledgementsAtTheEpoch()
    {
        await systems.DefineJournalAsync("PROD", "gate-ship");

        await systems.Journal("PROD", "gate-ship").AppendAsync("r1", [Put("a", 1, "x"), Put("b", 1, "y")]);
        var status = await systems.StatusWhenAsync("PROD", "gate-ship", s => s.Receivers.Single().Acknowledged == 2, "BACKUP to acknowledge 2");

        Assert.Null(status.Receivers.Single().LastError);
        Assert.Equal(2, (await systems.Replica("BACKUP", "gate-ship@PROD").GetStatusAsync()).LastApplied);
    }

    [Fact]
    public async Task GetRecordAsync_OnTheBackup_ReadsItsReplicaOfProduction()
    {
        await systems.DefineJournalAsync("PROD", "gate-read");
        await systems.DefineJournalAsync("BACKUP", "gate-read");

        await systems.Journal("PROD", "gate-read").AppendAsync("r1", [Put("a", 1, "x")]);
        await systems.StatusWhenAsync("PROD", "gate-read", s => s.Receivers.Single().Acknowledged == 1, "BACKUP to acknowledge 1");
        var backup = systems.Journal("BACKUP", "gate-read");

        Assert.Equal("x", (await backup.GetRecordAsync("a"))!.Fields["v"]);
        Assert.Equal(["a"], await backup.ListKeysAsync(string.Empty, null, 10));
        Assert.Single(await backup.GetHistoryAsync("a", 10));
    }

    [Fact]
    public async Task GetDivergenceAsync_WhenCallerIsNotTheAdministrator_IsDenied()
    {
        await systems.DefineJournalAsync("PROD", "gate-div");

        CallerPrincipal.ActAs("alice", administrator: false);
        var journal = systems.Prod.Client.GetGrain<IJournalGrain>("gate-div");
        await Assert.ThrowsAsync<AccessDeniedException>(() => journal.GetDivergenceAsync(null, 10));
        await Assert.ThrowsAsync<AccessDeniedException>(() => journal.ResolveDivergenceAsync(null, DivergenceAction.Discard, dryRun: false));
    }
}
