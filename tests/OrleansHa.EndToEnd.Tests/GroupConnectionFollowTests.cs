using System.Globalization;
using System.Text.Json;
using OrleansHa.Connections;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.EndToEnd.Tests.Roles;
using OrleansHa.Journals;
using OrleansHa.Roles;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// The client library following production through a planned switch-over that the CLI runs: a
/// <see cref="GroupConnection"/> given both systems' gateways keeps appending while <c>role switch-over</c> flips the
/// roles, waits out the refusals, and goes on at the new production with no entry lost or appended twice.
/// </summary>
[Collection(HaGroupCollection.Name)]
public sealed class GroupConnectionFollowTests(HaGroupFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task WriteAsync_WhileTheCliSwitchesOver_FollowsProductionLosingNothingAndAppendingNothingTwice()
    {
        var systems = fixture.Systems;
        var options = new SystemConnectionOptions
        {
            SystemName = "PROD",
            Gateways = [systems.Prod.Gateway],
            Secret = SiloProcess.DefaultSecret,
            Group = [new GroupMemberAddress("PROD", [systems.Prod.Gateway]), new GroupMemberAddress("BACKUP", [systems.Backup.Gateway])],
        };
        await using var group = new GroupConnection(options);
        var prod = await group.ConnectAsync("PROD");
        var backup = await group.ConnectAsync("BACKUP");
        var before = await HaGroupSystems.GateAsync(prod.Client, g => g.Writable, Limit);
        Assert.Equal((SystemRole.Production, "PROD"), (before.Role, before.Production));
        var run = Guid.NewGuid().ToString("N")[..8];
        var acknowledged = new List<(string System, JournalAppendResult Result)>();
        var waits = 0;
        var enoughOnBackup = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var enoughOnProd = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        async Task AppendAsync()
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"follow-{run}-{n:D5}");
                JournalChange[] change = [JournalChange.Put(key, T0.AddMilliseconds(n), new() { ["n"] = n.ToString(CultureInfo.InvariantCulture) })];
                var answer = await group.WriteAsync(
                    async client => (ReferenceEquals(client, prod.Client) ? "PROD" : "BACKUP", await client.GetGrain<IJournalGrain>(HaGroupSystems.Journal).AppendAsync($"follow/{run}/{n}", change)),
                    _ => Interlocked.Increment(ref waits));
                Assert.True(answer.Item2.Accepted, answer.Item2.Error);
                acknowledged.Add(answer);
                if (acknowledged.Count(a => a.System == "PROD") >= 20)
                {
                    enoughOnProd.TrySetResult();
                }

                if (acknowledged.Count(a => a.System == "BACKUP") >= 20)
                {
                    enoughOnBackup.TrySetResult();
                }
            }
        }

        var appending = AppendAsync();
        try
        {
            await Task.WhenAny(enoughOnProd.Task, appending).WaitAsync(Limit);
            var switchOver = await CliProcess.RunAsync(null, "role", "switch-over", "--json", "--system", "PROD", "--gateway", systems.Prod.Gateway, "--password", SiloProcess.DefaultSecret);
            Assert.True(switchOver.ExitCode == 0, switchOver.Error + switchOver.Output);
            using (var report = JsonDocument.Parse(switchOver.Output))
            {
                Assert.Equal("BACKUP", report.RootElement.GetProperty("production").GetString());
                Assert.Equal(before.Epoch + 1, report.RootElement.GetProperty("epoch").GetInt64());
            }

            await Task.WhenAny(enoughOnBackup.Task, appending).WaitAsync(Limit);
            await stop.CancelAsync();
            await appending;
        }
        finally
        {
            await stop.CancelAsync();
            // The collection's tests start from PROD as production: hand the role back.
            if ((await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).GetGateAsync()).Role == SystemRole.Production)
            {
                // The former production is ready to take the role back once it has rejoined as a steady backup.
                await HaGroupSystems.GateAsync(prod.Client, g => g is { Role: SystemRole.Backup, Phase: HaGroupPhase.Steady }, Limit);
                var back = await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).SwitchOverAsync(dryRun: false);
                Assert.True(back.Succeeded, back.Error);
            }
        }

        // One appender, one write at a time, acknowledged on PROD before and on BACKUP after: the stream crossed the
        // switch-over. Whether a write met the refusing window (and waited) or was queued behind the flip (and was sent
        // straight on to the new production) depends on timing, so the waits are not asserted.
        Assert.True(enoughOnProd.Task.IsCompleted && enoughOnBackup.Task.IsCompleted, $"The stream did not cross the switch-over ({waits} write(s) waited).");
        Assert.DoesNotContain(acknowledged, a => a.Result.Duplicate);
        var sequences = acknowledged.Select(a => a.Result.FirstSequence).ToList();
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => sequences[0] + i), sequences);
        Assert.True(acknowledged.Where(a => a.System == "PROD").Max(a => a.Result.FirstSequence) < acknowledged.Where(a => a.System == "BACKUP").Min(a => a.Result.FirstSequence));
    }
}
