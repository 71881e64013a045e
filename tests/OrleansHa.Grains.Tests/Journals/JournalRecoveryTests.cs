using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Journals;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>Outages: silos of either system stopped, killed and restarted over their own journal databases.</summary>
public sealed class JournalRecoveryTests(TwoSystemsFixture systems) : IClassFixture<TwoSystemsFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private static JournalChange[] Batch(int from, int count)
        => [.. Enumerable.Range(from, count).Select(i => JournalChange.Put($"k{i:D4}", T0.AddSeconds(i), new() { ["n"] = $"{i}" }))];

    [Fact]
    public async Task Ship_WhenReceiverSiloIsDownThenRestarted_CatchesUpWithNothingLostOrDoubled()
    {
        await systems.DefineAsync("outage");
        await systems.Journal("outage").AppendAsync("r0", Batch(0, 10));
        Assert.True(await systems.ReplicatedAsync("outage", 10));
        var backupSilo = systems.Backup.Silos[0];
        await systems.Backup.StopSiloAsync(backupSilo);

        await systems.Journal("outage").AppendAsync("r1", Batch(10, 10));
        await systems.Journal("outage").AppendAsync("r2", Batch(20, 10));
        var failing = await Poll.UntilAsync(
            async () => (await systems.Journal("outage").GetStatusAsync()).Receivers.Single().Retries > 0, systems.Clock, TwoSystemsFixture.Step);
        var duringOutage = (await systems.Journal("outage").GetStatusAsync()).Receivers.Single();
        await systems.Backup.RestartSiloAsync(backupSilo);

        Assert.True(failing);
        Assert.Equal(20, duringOutage.Lag);
        Assert.NotNull(duringOutage.LastError);
        Assert.True(await systems.ReplicatedAsync("outage", 30));
        var replica = await systems.Replica("outage").GetStatusAsync();
        Assert.Equal((30L, 30L), (replica.LastApplied, replica.Applied));
        Assert.Equal("29", (await systems.Replica("outage").GetRecordAsync("k0029"))!.Fields["n"]);
        var activity = await systems.Journal("outage").GetActivityAsync(null, null, null, 1000);
        Assert.Contains(activity, a => a.Kind == ActivityKind.Retried);
        Assert.Contains(activity, a => a.Kind == ActivityKind.Accepted && a.LastSequence == 30);
    }

    [Fact]
    public async Task Ship_WhenSenderSiloIsKilledWithEntriesPending_ResumesAfterRestartFromAcknowledgedPosition()
    {
        await systems.DefineAsync("crash");
        await systems.Journal("crash").AppendAsync("r0", Batch(0, 5));
        Assert.True(await systems.ReplicatedAsync("crash", 5));
        systems.Connector.Cut("BACKUP", cut: true);
        await systems.Journal("crash").AppendAsync("r1", Batch(5, 5));

        var prodSilo = systems.Prod.Silos[0];
        await systems.Prod.KillSiloAsync(prodSilo);
        systems.Connector.Cut("BACKUP", cut: false);
        await systems.Prod.RestartSiloAsync(prodSilo);

        // Nobody calls the journal: the resume reminder activates it and shipping continues from position 5.
        var replica = systems.Replica("crash");
        Assert.True(await Poll.UntilAsync(async () => (await replica.GetStatusAsync()).LastApplied == 10, systems.Clock, TimeSpan.FromSeconds(15)));
        var status = await replica.GetStatusAsync();
        Assert.Equal((10L, 10L, 0L), (status.LastApplied, status.Applied, status.GapsRefused));
    }
}
