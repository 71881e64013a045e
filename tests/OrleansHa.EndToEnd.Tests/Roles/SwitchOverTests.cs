using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Systems;

namespace OrleansHa.EndToEnd.Tests.Roles;

/// <summary>
/// Planned switch-over between two silo processes: under a steady stream of appends that follows the production role,
/// and refused when the backup lacks a reverse-direction journal.
/// </summary>
[Collection(HaGroupCollection.Name)]
public sealed class SwitchOverTests(HaGroupFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private HaGroupSystems Systems => fixture.Systems;

    [Fact]
    public async Task SwitchOver_UnderSteadyAppends_LosesNoAcknowledgedEntryAndAppliesNoneTwice()
    {
        await using var prod = await Systems.Prod.ConnectAsync();
        await using var backup = await Systems.Backup.ConnectAsync();
        var before = await HaGroupSystems.GateAsync(prod.Client, _ => true, Limit);
        Assert.Equal((SystemRole.Production, "PROD"), (before.Role, before.Production));
        var firstSequence = (await prod.Client.GetGrain<IJournalGrain>(HaGroupSystems.Journal).GetStatusAsync()).LastSequence + 1;
        var appender = new ProductionFollowingAppender(new Dictionary<string, IClusterClient> { ["PROD"] = prod.Client, ["BACKUP"] = backup.Client }, HaGroupSystems.Journal, "PROD");
        using var stop = new CancellationTokenSource();
        var appending = appender.RunAsync(stop.Token);

        await UntilAsync(appending, () => appender.Acknowledged.Count >= 100);
        var report = await prod.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).SwitchOverAsync(dryRun: false);
        await UntilAsync(appending, () => appender.Acknowledged.Count(a => a.System == "BACKUP") >= 100);
        await stop.CancelAsync();
        await appending;

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(("BACKUP", "PROD", before.Epoch + 1, 0), (report.Production, report.Backup, report.Epoch, report.Divergences));
        Assert.True(appender.Refusals > 0, "No append was refused: the stream never met the switch-over.");
        var acknowledged = appender.Acknowledged;
        Assert.DoesNotContain(acknowledged, a => a.Duplicate);
        // One sequence series across the group: every acknowledged append has its own sequence, with none skipped, and
        // everything PROD acknowledged comes before everything BACKUP did.
        Assert.Equal(Enumerable.Range(0, acknowledged.Count).Select(i => firstSequence + i), acknowledged.Select(a => a.Sequence).Order());
        Assert.True(acknowledged.Where(a => a.System == "PROD").Max(a => a.Sequence) < acknowledged.Where(a => a.System == "BACKUP").Min(a => a.Sequence));

        // The new production holds each acknowledged entry once: its journal ends at the last one, every key has its
        // value and one change in its history, and no key was added that was not acknowledged.
        var journal = backup.Client.GetGrain<IJournalGrain>(HaGroupSystems.Journal);
        Assert.Equal(firstSequence + acknowledged.Count - 1, (await journal.GetStatusAsync()).LastSequence);
        Assert.Equal(acknowledged.Select(a => ProductionFollowingAppender.Key(a.Number)).Order(StringComparer.Ordinal), await KeysAsync(journal));
        // History stays where a change was applied: PROD's entries in BACKUP's replica of PROD's journal (which the
        // new production's journal took its records from), BACKUP's own in its journal.
        var received = backup.Client.GetGrain<IRemoteJournalGrain>($"{HaGroupSystems.Journal}@PROD");
        foreach (var append in acknowledged)
        {
            var key = ProductionFollowingAppender.Key(append.Number);
            Assert.Equal($"{append.Number}", (await journal.GetRecordAsync(key))?.Fields["n"]);
            Assert.Single(append.System == "PROD" ? await received.GetHistoryAsync(key, 10) : await journal.GetHistoryAsync(key, 10));
        }

        // Replication runs in reverse: PROD's replica of BACKUP's journal reaches BACKUP's last sequence.
        var last = acknowledged.Max(a => a.Sequence);
        var replica = prod.Client.GetGrain<IRemoteJournalGrain>($"{HaGroupSystems.Journal}@BACKUP");
        var reverse = await Eventually.ValueAsync(replica.GetStatusAsync, s => s.LastApplied == last, Limit);
        Assert.Equal((last, 0L), (reverse.LastApplied, reverse.GapsRefused));

        // A later planned switch-over restores the original roles, and the series goes on where it was.
        var back = await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).SwitchOverAsync(dryRun: false);
        Assert.True(back.Succeeded, back.Error);
        Assert.Equal(("PROD", before.Epoch + 2), (back.Production, back.Epoch));
        var next = await prod.Client.GetGrain<IJournalGrain>(HaGroupSystems.Journal).AppendAsync("after-switch-back", [JournalChange.Put("after", DateTimeOffset.UtcNow, new() { ["n"] = "1" })]);
        Assert.Equal((true, last + 1), (next.Accepted, next.FirstSequence));
    }

    [Fact]
    public async Task SwitchOver_WhenBackupLacksReverseJournal_IsRefusedNamingIt()
    {
        await using var prod = await Systems.Prod.ConnectAsync();
        await using var backup = await Systems.Backup.ConnectAsync();
        var group = prod.Client.GetGrain<IHaGroupGrain>(HaGroups.Default);
        var before = await group.GetGateAsync();
        Assert.Equal((SystemRole.Production, HaGroupPhase.Steady), (before.Role, before.Phase));
        var invoices = prod.Client.GetGrain<IJournalGrain>("invoices");
        await invoices.DefineAsync(new JournalDefinition([new RemoteSystemAddress("BACKUP", Systems.Backup.Gateway, TwoSystems.BackupCredential)], []));

        var check = await group.CheckAsync();
        var report = await group.SwitchOverAsync(dryRun: false);

        Assert.False(check.Ready);
        var failing = check.Items.Where(i => !i.Ready && i.Blocking).ToList();
        Assert.NotEmpty(failing);
        Assert.All(failing, i => Assert.Equal(ReadinessCategory.Journal, i.Category));
        Assert.All(failing, i => Assert.Contains("invoices", i.Subject + " " + i.Reason, StringComparison.Ordinal));
        Assert.False(report.Succeeded);
        Assert.Contains("invoices", report.Error, StringComparison.Ordinal);
        Assert.Equal(before, await group.GetGateAsync());
        Assert.True((await invoices.AppendAsync("after-refusal", [JournalChange.Put("i1", DateTimeOffset.UtcNow, new() { ["n"] = "1" })])).Accepted);

        // Defining the reverse journal on BACKUP (its definitions stay open while roles are steady) makes the item hold.
        await backup.Client.GetGrain<IJournalGrain>("invoices").DefineAsync(new JournalDefinition([new RemoteSystemAddress("PROD", Systems.Prod.Gateway, HaGroupSystems.ProdCredential)], []));
        var again = await group.CheckAsync();
        Assert.All(again.Items.Where(i => i.Category == ReadinessCategory.Journal), i => Assert.True(i.Ready, i.Reason));
    }

    /// <summary>Waits until <paramref name="done"/> holds, failing at once if the appender stopped (its error is the test's).</summary>
    private static async Task UntilAsync(Task appending, Func<bool> done)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!done())
        {
            if (appending.IsCompleted)
            {
                await appending;
                throw new InvalidOperationException("The appender stopped before it was told to.");
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {Limit}.");
            await Task.WhenAny(appending, Task.Delay(20));
        }
    }

    private static async Task<List<string>> KeysAsync(IJournalGrain journal)
    {
        var keys = new List<string>();
        while (await journal.ListKeysAsync("steady-", keys.LastOrDefault(), 1000) is { Length: > 0 } page)
        {
            keys.AddRange(page);
        }

        return keys;
    }
}
