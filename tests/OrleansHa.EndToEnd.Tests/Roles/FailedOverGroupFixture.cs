using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.FileSets;
using OrleansHa.Journals;
using OrleansHa.Roles;

namespace OrleansHa.EndToEnd.Tests.Roles;

/// <summary>
/// An HA group that failed over, for the tests of what follows: PROD shipped <see cref="Shipped"/> entries and one full
/// file set run to BACKUP, then appended <see cref="Unshipped"/> more with shipping to BACKUP disabled (what a
/// production system appends in its last moments), and was SIGKILLed; the administrator failed over to BACKUP (after
/// one attempt refused while PROD still answered); one file of the new production's tree changed; PROD came back
/// over its own data and learned the new epoch from BACKUP's announcements.
/// </summary>
public sealed class FailedOverGroupFixture : IAsyncLifetime
{
    /// <summary>Entries PROD appended and BACKUP received before the failover.</summary>
    public const int Shipped = 40;

    /// <summary>Files of the file set, and the size of each.</summary>
    public const int Files = 50;

    /// <summary>The size of each file.</summary>
    public const int FileSize = 32 * 1024;

    /// <summary>The file changed on the new production after the failover.</summary>
    public const string ChangedFile = "part-007.bin";

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    // Before Unshipped: static initializers run in the order they are written, and Unshipped's timestamps use it.
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    public HaGroupSystems Systems { get; } = new();

    /// <summary>What PROD appended after shipping stopped, by key: five new keys and a newer value of one shipped key.</summary>
    public static IReadOnlyList<JournalChange> Unshipped { get; } =
    [
        .. Enumerable.Range(0, 5).Select(i => JournalChange.Put($"unshipped-{i}", T0.AddHours(1), new() { ["n"] = $"u{i}" })),
        JournalChange.Put(ShippedKey(0), T0.AddHours(1), new() { ["n"] = "overwritten, never shipped" }),
    ];

    /// <summary>The full run of the file set from PROD to BACKUP before the failover.</summary>
    public RunRecord FullRun { get; private set; } = null!;

    /// <summary>BACKUP's failover while PROD still answered.</summary>
    public RoleSwapReport RefusedFailover { get; private set; } = null!;

    /// <summary>BACKUP's failover after the SIGKILL.</summary>
    public RoleSwapReport Failover { get; private set; } = null!;

    /// <summary>When the failover began (this machine's clock, which both silos share).</summary>
    public DateTimeOffset FailoverStarted { get; private set; }

    /// <summary>The new content of <see cref="ChangedFile"/>.</summary>
    public static byte[] ChangedContent { get; } = HaGroupSystems.Content(1007, FileSize);

    /// <summary>The key of shipped entry <paramref name="n"/>.</summary>
    public static string ShippedKey(int n) => $"shipped-{n:D3}";

    public async Task InitializeAsync()
    {
        await Systems.StartAsync(null, HaGroupFixture.SiloArguments);
        await HaGroupSystems.WriteTreeAsync(Systems.ProdTree, Files, FileSize);
        await using (var prod = await Systems.Prod.ConnectAsync())
        {
            var journal = prod.Client.GetGrain<IJournalGrain>(HaGroupSystems.Journal);
            var shipped = await journal.AppendAsync("shipped", [.. Enumerable.Range(0, Shipped).Select(i => JournalChange.Put(ShippedKey(i), T0, new() { ["n"] = $"{i}" }))]);
            Assert.True(shipped.Accepted, shipped.Error);
            FullRun = await HaGroupSystems.RunFileSetAsync(prod.Client, "BACKUP", Limit);
            Assert.True(FullRun.Outcome == RunOutcome.Succeeded, FullRun.Error);
            await using (var backup = await Systems.Backup.ConnectAsync())
            {
                var replica = backup.Client.GetGrain<IRemoteJournalGrain>($"{HaGroupSystems.Journal}@PROD");
                Assert.Equal(Shipped, (await Eventually.ValueAsync(replica.GetStatusAsync, s => s.LastApplied == Shipped, Limit)).LastApplied);
                RefusedFailover = await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).FailoverAsync(dryRun: false);
            }

            await journal.DisableAsync("BACKUP");
            var unshipped = await journal.AppendAsync("unshipped", [.. Unshipped]);
            Assert.True(unshipped.Accepted, unshipped.Error);
            Assert.Equal(Unshipped.Count, unshipped.Journaled);
        }

        await Systems.Prod.KillAsync();
        await using (var backup = await Systems.Backup.ConnectAsync())
        {
            FailoverStarted = DateTimeOffset.UtcNow;
            Failover = await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).FailoverAsync(dryRun: false);
            Assert.True(Failover.Succeeded, Failover.Error);
        }

        await File.WriteAllBytesAsync(Path.Combine(Systems.BackupTree, ChangedFile), ChangedContent);
        await Systems.RestartProdAsync(HaGroupFixture.SiloArguments);
        await using var returned = await Systems.Prod.ConnectAsync();
        var gate = await HaGroupSystems.GateAsync(returned.Client, g => g.Epoch == Failover.Epoch && g.Phase == HaGroupPhase.Steady, Limit);
        Assert.True(gate.Epoch == Failover.Epoch, $"PROD did not learn epoch {Failover.Epoch} within {Limit}: {gate}");
    }

    public async Task DisposeAsync() => await Systems.DisposeAsync();
}
