using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.FileSets;
using OrleansHa.Journals;
using OrleansHa.Monitoring;
using OrleansHa.Roles;
using ActivityQuery = OrleansHa.Monitoring.ActivityQuery;

namespace OrleansHa.EndToEnd.Tests.Roles;

/// <summary>
/// Unplanned failover between two silo processes, and what follows it: the former production returns fenced with its
/// unshipped entries listed as divergence, and the switch-back resynchronises only what changed.
/// </summary>
public sealed class FailoverTests(FailedOverGroupFixture fixture) : IClassFixture<FailedOverGroupFixture>
{
    private const int UnshippedCount = 6;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private HaGroupSystems Systems => fixture.Systems;

    [Fact]
    public async Task Failover_AfterSigkillOfProduction_BackupTakesWritesFromTheLastSequenceItReceived()
    {
        await using var backup = await Systems.Backup.ConnectAsync();
        var journal = backup.Client.GetGrain<IJournalGrain>(HaGroupSystems.Journal);

        var appended = await journal.AppendAsync("after-failover", [JournalChange.Put("after-failover", DateTimeOffset.UtcNow, new() { ["n"] = "1" })]);

        // While PROD answered, the failover was refused and changed nothing.
        Assert.False(fixture.RefusedFailover.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(fixture.RefusedFailover.Error));
        Assert.Equal(fixture.Failover.Epoch - 1, fixture.RefusedFailover.Epoch);
        var failover = fixture.Failover;
        Assert.Equal(("BACKUP", "PROD", 2L), (failover.Production, failover.Backup, failover.Epoch));
        Assert.Equal(new JournalFence(HaGroupSystems.Journal, 2, FailedOverGroupFixture.Shipped), Assert.Single(failover.Fences));
        var gate = await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).GetGateAsync();
        Assert.Equal((SystemRole.Production, 2L, true), (gate.Role, gate.Epoch, gate.Writable));
        Assert.True(appended.Accepted, appended.Error);
        Assert.Equal(FailedOverGroupFixture.Shipped + 1, appended.FirstSequence);
        Assert.Equal("0", (await journal.GetRecordAsync(FailedOverGroupFixture.ShippedKey(0)))?.Fields["n"]);
        Assert.Null(await journal.GetRecordAsync("unshipped-0"));
    }

    [Fact]
    public async Task Rejoin_WhenFormerProductionReturns_ItIsFencedAndListsItsUnshippedEntriesAsDivergence()
    {
        await using var prod = await Systems.Prod.ConnectAsync();
        var group = prod.Client.GetGrain<IHaGroupGrain>(HaGroups.Default);

        var gate = await group.GetGateAsync();
        var refused = await Assert.ThrowsAsync<WritesRefusedException>(() => prod.Client.GetGrain<IJournalGrain>(HaGroupSystems.Journal)
            .AppendAsync("on-the-former-production", [JournalChange.Put("late", DateTimeOffset.UtcNow, new() { ["n"] = "1" })]));
        var divergence = await group.GetDivergenceAsync(HaGroupSystems.Journal, 100);
        var status = await group.GetStatusAsync();

        Assert.Equal((SystemRole.Backup, "BACKUP", 2L), (gate.Role, gate.Production, gate.Epoch));
        Assert.Equal(("BACKUP", 2L), (refused.Production, refused.Epoch));
        Assert.Equal(UnshippedCount, FailedOverGroupFixture.Unshipped.Count);
        Assert.Equal(
            FailedOverGroupFixture.Unshipped.Take(5).Select((c, i) => (FailedOverGroupFixture.Shipped + 1L + i, 1L, c.Key, c.Fields!["n"])),
            divergence.Take(5).Select(d => (d.Sequence, d.Epoch, d.Change.Key, d.Change.Fields!["n"])));
        Assert.All(divergence, d => Assert.Equal(HaGroupSystems.Journal, d.Journal));
        Assert.Equal(divergence.Count, status.Divergences);

        // The replica of production's journal it now holds is production's state as of the fence: the unshipped
        // overwrite is not in it, nor are the unshipped keys.
        var replica = prod.Client.GetGrain<IRemoteJournalGrain>($"{HaGroupSystems.Journal}@BACKUP");
        Assert.Equal("0", (await replica.GetRecordAsync(FailedOverGroupFixture.ShippedKey(0)))?.Fields["n"]);
        Assert.Null(await replica.GetRecordAsync("unshipped-0"));
    }

    [Fact]
    public async Task Rejoin_WhenFormerProductionOverwroteAShippedKey_ListsThatEntryAsDivergence()
    {
        await using var prod = await Systems.Prod.ConnectAsync();

        var divergence = await prod.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).GetDivergenceAsync(HaGroupSystems.Journal, 100);

        var overwrite = FailedOverGroupFixture.Unshipped[^1];
        Assert.Contains(divergence, d => d.Sequence == FailedOverGroupFixture.Shipped + UnshippedCount && d.Change.Key == overwrite.Key && d.Change.Fields!["n"] == overwrite.Fields!["n"]);
    }

    [Fact]
    public async Task SwitchBack_AfterOneFileChangedOnProduction_CopiesOnlyThatFile()
    {
        await using var backup = await Systems.Backup.ConnectAsync();
        await using var prod = await Systems.Prod.ConnectAsync();

        var report = await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).SwitchBackAsync(dryRun: false);

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(("BACKUP", "PROD"), (report.Production, report.Backup));
        // Every run of the file set to PROD since the failover (one may have been retried before the switch-back ran).
        var runs = (await backup.Client.GetGrain<IActivityLogGrain>(HaGroupSystems.Owner).QueryAsync(new ActivityQuery(Since: fixture.FailoverStarted, Limit: 1000)))
            .Where(r => r.FileSet == HaGroupSystems.FileSetKey && r.Destination == "PROD")
            .ToList();
        Assert.Contains(runs, r => r.Outcome == RunOutcome.Succeeded);
        var copied = runs.Sum(r => r.BytesCopied);
        Assert.Equal(FailedOverGroupFixture.FileSize, copied);
        Assert.InRange(report.BytesCopied, 0, copied);
        Assert.True(copied < 0.05 * fixture.FullRun.BytesCopied, $"{copied} bytes copied back, of a full copy of {fixture.FullRun.BytesCopied}");
        Assert.Equal(FailedOverGroupFixture.ChangedContent, await File.ReadAllBytesAsync(Path.Combine(Systems.ProdTree, FailedOverGroupFixture.ChangedFile)));

        // Shipping catches PROD up from the fence: its replica reaches production's last sequence.
        var last = (await backup.Client.GetGrain<IJournalGrain>(HaGroupSystems.Journal).GetStatusAsync()).LastSequence;
        var replica = prod.Client.GetGrain<IRemoteJournalGrain>($"{HaGroupSystems.Journal}@BACKUP");
        Assert.Equal(last, (await Eventually.ValueAsync(replica.GetStatusAsync, s => s.LastApplied == last, Limit)).LastApplied);
    }
}
