using OrleansHa.Journals;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>
/// Batches sized by bytes as well as by count: large records still ship under the receiver's message limit, and an
/// entry too large for any batch is refused at append.
/// </summary>
public sealed class JournalShippingSizeTests(TwoSystemsFixture systems) : IClassFixture<TwoSystemsFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private static JournalChange Big(string key, int second, int bytes)
        => JournalChange.Put(key, T0.AddSeconds(second), new() { ["blob"] = new string((char)('a' + (second % 26)), bytes), ["n"] = $"{second}" });

    [Fact]
    public async Task Ship_WhenRecordsTogetherOutgrowTheMessageLimit_ShipsThemInSmallerBatchesAndAllAreAcknowledged()
    {
        await systems.DefineAsync("large");

        // Eight records of 400 KB: 3.2 MB, which ShipBatchSize (1,000) would send as one batch over BACKUP's 2 MiB limit.
        var result = await systems.Journal("large").AppendAsync("big", [.. Enumerable.Range(0, 8).Select(i => Big($"r{i}", i, 400 * 1024))]);
        var small = await systems.Journal("large").AppendAsync("small", [JournalChange.Put("after", T0.AddMinutes(1), new() { ["n"] = "9" })]);

        Assert.Equal((1L, 8L, 9L), (result.FirstSequence, result.LastSequence, small.LastSequence));
        Assert.True(await systems.ReplicatedAsync("large", 9));
        var receiver = (await systems.Journal("large").GetStatusAsync()).Receivers.Single();
        Assert.Equal((9L, 0L, 0L), (receiver.Acknowledged, receiver.Lag, receiver.Retries));
        Assert.Equal(400 * 1024, (await systems.Replica("large").GetRecordAsync("r7"))!.Fields["blob"]!.Length);
        Assert.Equal("9", (await systems.Replica("large").GetRecordAsync("after"))!.Fields["n"]);
        var sends = (await systems.Journal("large").GetActivityAsync(null, null, null, 1000)).Where(a => a.Kind == ActivityKind.Accepted).ToList();
        Assert.True(sends.Count >= 4, $"expected the 8 large entries in batches of at most {TwoSystemsFixture.ShipBatchBytes:N0} bytes, got {sends.Count} batch(es)");
    }

    [Fact]
    public async Task AppendAsync_WhenAnEntryIsLargerThanMaxEntryBytes_RefusesItNamingSizeAndLimitAndTheJournalGoesOn()
    {
        await systems.DefineAsync("oversized");
        await systems.Journal("oversized").AppendAsync("before", [JournalChange.Put("a", T0, new() { ["n"] = "1" })]);

        var refused = await Assert.ThrowsAsync<ArgumentException>(
            () => systems.Journal("oversized").AppendAsync("huge", [JournalChange.Put("b", T0.AddSeconds(1), new() { ["n"] = "2" }), Big("huge", 2, 600 * 1024)]));

        Assert.Contains("Change 1 (key 'huge') is 614,", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"at most {TwoSystemsFixture.MaxEntryBytes:N0} bytes (Journals:MaxEntryBytes)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing of this append was stored", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await systems.Journal("oversized").GetStatusAsync()).LastSequence);
        Assert.Null(await systems.Journal("oversized").GetRecordAsync("b"));

        var after = await systems.Journal("oversized").AppendAsync("after", [JournalChange.Put("c", T0.AddSeconds(3), new() { ["n"] = "3" })]);
        Assert.Equal(2, after.LastSequence);
        Assert.True(await systems.ReplicatedAsync("oversized", 2));
        Assert.Equal("3", (await systems.Replica("oversized").GetRecordAsync("c"))!.Fields["n"]);
    }
}
