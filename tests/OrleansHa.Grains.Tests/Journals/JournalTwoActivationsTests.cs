using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Journals;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>
/// A journal whose entries another activation (on another silo of the system, in the window where it has two)
/// appended or shipped: the store holds the truth, and this activation must neither cry data loss nor forget entries.
/// The other activation is played by the test, through PROD's journal store.
/// </summary>
public sealed class JournalTwoActivationsTests(TwoSystemsFixture systems) : IClassFixture<TwoSystemsFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private IJournalStore ProdStore => systems.Prod.Silos[0].ServiceProvider.GetRequiredService<IJournalStore>();

    private static JournalChange[] Batch(int from, int count)
        => [.. Enumerable.Range(from, count).Select(i => JournalChange.Put($"k{i:D4}", T0.AddSeconds(i), new() { ["n"] = $"{i}" }))];

    [Fact]
    public async Task Ship_WhenAnotherActivationShippedAndDroppedTheEntries_GoesOnFromTheStoredPositionWithoutAFailure()
    {
        await systems.DefineAsync("moved");
        systems.Connector.Cut("BACKUP", cut: true);
        await systems.Journal("moved").AppendAsync("r1", Batch(0, 5));
        Assert.True(await Poll.UntilAsync(async () => (await systems.Journal("moved").GetStatusAsync()).Receivers.Single().Retries > 0, systems.Clock, TwoSystemsFixture.Step));
        // The other activation ships 1-5, records the acknowledgement, and the store drops them (every receiver has them).
        var entries = await ProdStore.ReadEntriesAsync("moved", 0, 100, long.MaxValue, CancellationToken.None);
        var answer = await systems.Replica("moved").ReceiveAsync([.. entries]);
        await ProdStore.RecordShipmentAsync("moved", new ShipmentReport("BACKUP", 1, 5, systems.Clock.UtcNow, answer, null), CancellationToken.None);
        await systems.Journal("moved").AppendAsync("r2", Batch(5, 2));

        systems.Connector.Cut("BACKUP", cut: false);
        var replicated = await systems.ReplicatedAsync("moved", 7);
        var activity = await systems.Journal("moved").GetActivityAsync(null, null, null, 1000);
        var replica = await systems.Replica("moved").GetStatusAsync();

        Assert.True(replicated);
        Assert.Equal((7L, 7L, 0L), (replica.LastApplied, replica.Applied, replica.GapsRefused));
        Assert.DoesNotContain(activity, a => a.Detail.Contains("no longer held", StringComparison.Ordinal));
        Assert.Null((await systems.Journal("moved").GetStatusAsync()).Receivers.Single().LastError);
    }

    [Fact]
    public async Task Ship_WhenAnotherActivationAppendedEntriesThisOneNeverSaw_ShipsThemInsteadOfDroppingTheResumeReminder()
    {
        await systems.DefineAsync("beside");
        await systems.Journal("beside").AppendAsync("r1", Batch(0, 3));
        // The clock stands still: the append's wake ships at once, and the idle tick that drops the resume reminder
        // waits for the clock to move.
        await Poll.UntilAsync(() => systems.Journal("beside").GetStatusAsync(), s => s.Receivers.Single().Acknowledged == 3, "the append to be shipped");
        // The other activation appends (believing the reminder registered); this one's idle tick must notice.
        var definition = (await ProdStore.GetLocalStateAsync("beside", CancellationToken.None)).Definition!;
        await ProdStore.AppendAsync("beside", "other", Batch(3, 4), definition.Rules, long.MaxValue, true, CancellationToken.None);

        var shipped = await Poll.UntilAsync(async () => (await systems.Replica("beside").GetStatusAsync()).LastApplied == 7, systems.Clock, TwoSystemsFixture.Step);

        Assert.True(shipped);
        Assert.Equal(7, (await systems.Journal("beside").GetStatusAsync()).LastSequence);
    }
}
