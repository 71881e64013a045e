using System.Diagnostics;
using System.Security.Cryptography;
using OrleansHa.Destinations;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.FileSets;
using OrleansHa.Journals;
using OrleansHa.Monitoring;
using OrleansHa.Status;
using OrleansHa.Systems;
using OrleansHa.Users;
using OrleansHa.Workers;
using Xunit.Abstractions;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// Issue 12, deliver 5: PROD as three silo processes on one Azurite and one PostgreSQL, BACKUP as one silo; the silo
/// running a sync worker, or holding a journal, is SIGKILLed while it works, and the work ends on another silo with
/// nothing lost and nothing done twice.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private const int Files = 24;
    private const int FileBytes = 256 << 10;
    private const int Batches = 400;
    private const int BatchSize = 50;
    private const long Total = Batches * BatchSize;
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SyncRun_WhenItsSiloIsKilledMidTransfer_IsRetriedOnAnotherSiloAndTheTargetEndsEqualToTheSource()
    {
        var clock = Stopwatch.StartNew();
        await using var system = await ThreeSiloSystem.StartAsync(withBackup: true);
        output.WriteLine($"PROD's three silos and BACKUP started in {clock.Elapsed.TotalSeconds:F1} s");
        var prodHome = Directory.CreateDirectory(Path.Combine(system.Path, "prod-home", "erin")).FullName;
        var backupHome = Directory.CreateDirectory(Path.Combine(system.Path, "backup-home", "erin")).FullName;
        var source = Directory.CreateDirectory(Path.Combine(prodHome, "docs")).FullName;
        var target = Path.Combine(backupHome, "docs");
        WriteTree(source);
        await using (var backup = await system.Backup!.ConnectAsync())
        {
            await backup.Client.GetGrain<IUserGrain>("erin").DefineAsync(new UserDefinition("erin", 0, 0, 5, [backupHome]), allowUpdate: true);
        }

        await using var connection = await system.ConnectAsync();
        var prod = connection.Client;
        await prod.GetGrain<IUserGrain>("erin").DefineAsync(new UserDefinition("erin", 0, 0, 5, [prodHome]), allowUpdate: true);
        // 6 MiB at 1 MB/s: the run lasts about six seconds, long enough to be cut off in the middle.
        await prod.GetGrain<IDestinationGrain>("BACKUP").DefineAsync(
            new DestinationDefinition("BACKUP", DestinationTransport.Silo, null, system.Backup.Gateway, "BACKUP", ThreeSiloSystem.BackupCredential, BandwidthLimit: 1_000_000), allowUpdate: true);
        await prod.GetGrain<IFileSetGrain>("erin/docs").DefineAsync(new FileSetDefinition(
            "erin", "docs", source, [], [], [new FileSetTarget("BACKUP", target)], "default", "manual", 1, new FileSetOptions()), allowUpdate: true);
        var status = prod.GetGrain<IStatusGrain>(RegistryKeys.System);

        var ticket = Assert.Single(await prod.GetGrain<IFileSetGrain>("erin/docs").QueueRunNowAsync(null));
        // The event that proves the run is mid-transfer: its progress counts bytes sent, and not all of them.
        var running = await Eventually.ValueAsync(() => status.GetWorkerAsync(ticket.WorkerKey), s => s.InFlightRunId == ticket.RunId && s.Progress is { BytesDone: > 0 }, TimeSpan.FromSeconds(60));
        Assert.True(running.Progress is { BytesDone: > 0 } progress && progress.BytesDone < (long)Files * FileBytes, $"the run was not caught mid-transfer: {running.Progress}");
        var host = system.IndexOf(running.Silo);
        Assert.True(host >= 0, $"the worker is active on '{running.Silo}', none of PROD's silos");
        await system.KillAsync(host);
        var killedAt = clock.Elapsed;

        // Asking for the worker reactivates it on a surviving silo once the dead one is voted out; it finds the run
        // it had in flight and runs it again.
        var done = await Eventually.ValueAsync(
            () => Transient.RetryAsync(() => status.GetWorkerAsync(ticket.WorkerKey), TimeSpan.FromSeconds(60)),
            s => s is { LastRun.Outcome: RunOutcome.Succeeded, State: WorkerState.Idle },
            TimeSpan.FromSeconds(150));

        Assert.True(done.LastRun?.Outcome == RunOutcome.Succeeded, $"no run succeeded after the kill: worker {done.State}, last {done.LastRun?.Outcome} {done.LastRun?.Error}{Environment.NewLine}{system.Tails()}");
        var rerunHost = system.IndexOf(done.Silo);
        Assert.True(rerunHost >= 0 && rerunHost != host, $"the worker is active on '{done.Silo}' after the kill of silo {host}, not on a surviving silo");
        output.WriteLine($"the worker was idle again {(clock.Elapsed - killedAt).TotalSeconds:F1} s after the kill");
        output.WriteLine($"killed silo {host} at {running.Progress!.BytesDone} of {(long)Files * FileBytes} bytes; silo {rerunHost} ran it again: {done.LastRun!.BytesCopied} bytes copied, {done.LastRun.ResumedBytes} resumed");
        Assert.Equal(Tree(source), Tree(target));
    }

    [Fact]
    public async Task Appends_WhenTheJournalsSiloIsKilledWhileShipping_EveryAcknowledgedEntryReachesTheBackupOnce()
    {
        await using var system = await ThreeSiloSystem.StartAsync(withBackup: true, "--Journals:ShipBatchSize", "200");
        await using var connection = await system.ConnectAsync();
        var journal = connection.Client.GetGrain<IJournalGrain>("orders");
        await journal.DefineAsync(new JournalDefinition([new RemoteSystemAddress("BACKUP", system.Backup!.Gateway, ThreeSiloSystem.BackupCredential)], []));
        var host = system.IndexOf((await journal.GetStatusAsync()).Silo);
        Assert.True(host >= 0, "the journal's status names none of PROD's silos");

        var appended = 0;
        var retries = 0;
        var appender = Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
            {
                // Retried with the same request id: an append that was made before its answer was lost is answered
                // from the journal's record of it, not appended again.
                var result = await Transient.RetryAsync(() => journal.AppendAsync($"load-{b}", Batch(b)), TimeSpan.FromSeconds(60), _ => Interlocked.Increment(ref retries));
                Assert.True(result.Accepted, result.Error);
                Assert.Equal((long)(b + 1) * BatchSize, result.LastSequence);
                Volatile.Write(ref appended, b + 1);
            }
        });

        // Kill the journal's silo once BACKUP has acknowledged part of it, while the appends go on.
        var acknowledged = await Eventually.ValueAsync(async () => (await journal.GetStatusAsync()).Receivers.Single().Acknowledged, a => a > 0, TimeSpan.FromSeconds(60));
        var appendedAtKill = Volatile.Read(ref appended);
        await system.KillAsync(host);
        await appender;

        Assert.True(acknowledged > 0, "BACKUP acknowledged nothing before the kill");
        Assert.True(appendedAtKill < Batches, $"the appends had ended ({appendedAtKill} batches) before the kill: the test killed nothing in flight");
        await using var backup = await system.Backup.ConnectAsync();
        var replica = backup.Client.GetGrain<IRemoteJournalGrain>("orders@PROD");
        var applied = await Eventually.ValueAsync(async () => (await replica.GetStatusAsync()).LastApplied, a => a >= Total, TimeSpan.FromSeconds(120));
        var status = await Transient.RetryAsync(journal.GetStatusAsync, TimeSpan.FromSeconds(30));
        Assert.True(applied >= Total, $"BACKUP applied {applied} of {Total}; PROD's journal is at {status.LastSequence} on '{status.Silo}'{Environment.NewLine}{system.Tails()}");
        Assert.NotEqual(host, system.IndexOf(status.Silo));
        var final = await replica.GetStatusAsync();
        var keys = await AllKeysAsync(replica);
        output.WriteLine($"killed silo {host} after {appendedAtKill} of {Batches} batches, {acknowledged} acknowledged; {retries} append(s) retried; BACKUP ignored {final.Duplicates} resent, refused {final.GapsRefused} gap(s)");

        Assert.Equal(Total, status.LastSequence);
        Assert.Equal(Total, applied);
        Assert.Equal(Total, final.Applied);
        Assert.Equal(Total, keys.Count);
        Assert.Single(await replica.GetHistoryAsync($"k{Total - 1:D6}", 10));
        Assert.Single(await replica.GetHistoryAsync($"k{(long)appendedAtKill * BatchSize:D6}", 10));
    }

    private static JournalChange[] Batch(int batch)
        => [.. Enumerable.Range(batch * BatchSize, BatchSize).Select(i => JournalChange.Put($"k{i:D6}", T0.AddMilliseconds(i), new() { ["n"] = $"{i}" }))];

    private static async Task<HashSet<string>> AllKeysAsync(IRemoteJournalGrain replica)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        while (await replica.ListKeysAsync("k", after, 5000) is { Length: > 0 } page)
        {
            keys.UnionWith(page);
            after = page[^1];
        }

        return keys;
    }

    private static void WriteTree(string root)
    {
        var random = new Random(12);
        for (var i = 0; i < Files; i++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, $"part-{i % 4}")).FullName;
            var data = new byte[FileBytes];
            random.NextBytes(data);
            File.WriteAllBytes(Path.Combine(folder, $"file-{i:D2}.bin"), data);
        }
    }

    /// <summary>Every file under <paramref name="root"/>, by relative path, with its SHA-256.</summary>
    private static SortedDictionary<string, string> Tree(string root)
        => new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);
}
