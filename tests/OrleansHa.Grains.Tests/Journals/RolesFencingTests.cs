using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>A former production that ships to the system now production: fenced, nothing stored, shipping stopped, appends refused.</summary>
public sealed class RolesFencingTests(RolesSplitFixture systems) : IClassFixture<RolesSplitFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    // Never reachable: its retries show that the journal's ship loop went on running after the fence.
    private static readonly RemoteSystemAddress Third = new("THIRD", "127.0.0.1:3", "third-admin");

    private static JournalChange[] Puts(int from, int count)
        => [.. Enumerable.Range(from, count).Select(i => JournalChange.Put($"k{i}", T0.AddSeconds(i), new() { ["v"] = $"{i}" }))];

    private static bool FencedBy(JournalStatus status, string system)
        => status.Receivers.Single(r => r.SystemName == system).LastError?.Contains("fenced", StringComparison.Ordinal) == true;

    [Fact]
    public async Task Shipping_WhenTheReceiverIsProduction_StoresNothingStopsShippingToItAndRefusesAppends()
    {
        await systems.Journal("PROD", "fenced").DefineAsync(new JournalDefinition([RolesSystemsFixture.BackupAddress, Third], [], 1_000_000));
        await systems.Journal("PROD", "fenced").AppendAsync("r1", Puts(1, 3));

        var atFence = await systems.StatusWhenAsync("PROD", "fenced", s => FencedBy(s, "BACKUP"), "BACKUP to fence PROD's journal");
        var third = atFence.Receivers.Single(r => r.SystemName == "THIRD").Retries;
        var later = await systems.StatusWhenAsync("PROD", "fenced", s => s.Receivers.Single(r => r.SystemName == "THIRD").Retries >= third + 3, "three more sends to THIRD");
        var refused = await Assert.ThrowsAsync<WritesRefusedException>(() => systems.Journal("PROD", "fenced").AppendAsync("r2", Puts(4, 1)));

        var backup = later.Receivers.Single(r => r.SystemName == "BACKUP");
        Assert.Equal(atFence.Receivers.Single(r => r.SystemName == "BACKUP").Retries, backup.Retries);
        Assert.Equal(0, backup.Acknowledged);
        Assert.Contains("fenced: BACKUP is production at epoch 1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(("BACKUP", "127.0.0.1:1", 1L), (refused.Production, refused.ProductionGateway, refused.Epoch));
        Assert.Equal(3, (await systems.Journal("PROD", "fenced").GetStatusAsync()).LastSequence);
        var replica = systems.Replica("BACKUP", "fenced@PROD");
        Assert.Equal(0, (await replica.GetStatusAsync()).LastApplied);
        Assert.Empty(await replica.ListKeysAsync(string.Empty, null, 10));
        Assert.Single(await replica.GetActivityAsync(null, null, null, 100), a => a.Kind == ActivityKind.Role);
        Assert.Contains(await systems.Journal("PROD", "fenced").GetActivityAsync(null, null, null, 100), a => a.Kind == ActivityKind.Role && a.System == "BACKUP");
    }

    [Fact]
    public async Task SetGateAsync_WhenANewerEpochArrives_LiftsTheFenceAndLaterEntriesCarryIt()
    {
        await systems.DefineJournalAsync("PROD", "lifted");
        await systems.Journal("PROD", "lifted").AppendAsync("r1", Puts(1, 1));
        await systems.StatusWhenAsync("PROD", "lifted", s => FencedBy(s, "BACKUP"), "BACKUP to fence PROD's journal");

        await systems.JournalAsSilo("PROD", "lifted").SetGateAsync(new RoleGate("PROD", 2, SystemRole.Production, HaGroupPhase.Steady, "PROD", null));
        var appended = await systems.Journal("PROD", "lifted").AppendAsync("r2", Puts(2, 1));
        // BACKUP is at epoch 1: entries of epoch 2 wait there (behind), and again nothing is stored.
        var waiting = await systems.StatusWhenAsync(
            "PROD", "lifted", s => s.Receivers.Single().LastError?.Contains("BACKUP is at epoch 1 and did not take", StringComparison.Ordinal) == true, "BACKUP to answer behind");
        var entries = await systems.Store("PROD").ReadEntriesAsync("lifted", 0, 10, long.MaxValue, CancellationToken.None);

        Assert.Equal(2, appended.LastSequence);
        Assert.Equal(0, waiting.Receivers.Single().Acknowledged);
        Assert.Equal([(1L, 1L), (2L, 2L)], entries.Select(e => (e.Sequence, e.Epoch)));
        Assert.Equal(0, (await systems.Replica("BACKUP", "lifted@PROD").GetStatusAsync()).LastApplied);
    }
}
