using System.Globalization;
using System.Security.Cryptography;
using OrleansHa.Destinations;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Status;
using OrleansHa.Users;
using OrleansHa.Workers;
using Xunit.Abstractions;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// Issue 11, deliver 2 and 6: PROD replicates a large file to BACKUP over the <c>silo</c> transport; BACKUP is
/// SIGKILLed once it has made part of the file durable, and the run that follows its restart sends only the rest.
/// </summary>
public sealed class ResumeAfterKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Length = 384 << 20;

    private readonly TwoSystems _systems = new();

    public Task InitializeAsync() => _systems.StartAsync();

    public async Task DisposeAsync() => await _systems.DisposeAsync();

    [Fact]
    public async Task SyncNow_WhenTheReceivingSiloIsKilledMidTransfer_TheRunAfterItsRestartSendsOnlyTheRest()
    {
        var prodHome = Directory.CreateDirectory(Path.Combine(_systems.Path, "prod-home", "dave")).FullName;
        var backupHome = Directory.CreateDirectory(Path.Combine(_systems.Path, "backup-home", "dave")).FullName;
        var source = Directory.CreateDirectory(Path.Combine(prodHome, "images")).FullName;
        var sourceFile = Path.Combine(source, "disk.img");
        WriteRandom(sourceFile, Length);
        var target = Path.Combine(backupHome, "images-replica");
        var staging = Path.Combine(_systems.Backup.DataFolder, "incoming");
        await using (var backupConnection = await _systems.Backup.ConnectAsync())
        {
            await backupConnection.Client.GetGrain<IUserGrain>("dave").DefineAsync(new UserDefinition("dave", 0, 0, 5, [backupHome]), allowUpdate: true);
        }

        await using var prodConnection = await _systems.Prod.ConnectAsync();
        var prod = prodConnection.Client;
        await prod.GetGrain<IUserGrain>("dave").DefineAsync(new UserDefinition("dave", 0, 0, 5, [prodHome]), allowUpdate: true);
        var destination = prod.GetGrain<IDestinationGrain>("BACKUP");
        await destination.DefineAsync(new DestinationDefinition("BACKUP", DestinationTransport.Silo, null, _systems.Backup.Gateway, "BACKUP", "backup"), allowUpdate: true);
        await prod.GetGrain<IFileSetGrain>("dave/images").DefineAsync(new FileSetDefinition(
            "dave", "images", source, [], [], [new FileSetTarget("BACKUP", target)], "default", "manual", 1, new FileSetOptions()), allowUpdate: true);

        var worker = Assert.Single(await prod.GetGrain<IFileSetGrain>("dave/images").SyncNowAsync(null));
        // The event that proves part of the file is durable at BACKUP: its staged upload's state records a watermark.
        var durable = await Eventually.ValueAsync(() => Task.FromResult(Watermark(staging)), w => w > 0, TimeSpan.FromSeconds(120));
        Assert.True(durable > 0, $"BACKUP never made part of the file durable. BACKUP printed:\n{Tail(_systems.Backup.Output)}");
        await _systems.Backup.KillAsync();

        var restarted = new SiloProcess(_systems.Backup);
        await restarted.StartAsync();
        _systems.Backup = restarted;
        var back = await Eventually.ValueAsync(destination.ProbeAsync, d => d.Available, TimeSpan.FromSeconds(60));
        Assert.True(back.Available, back.ProbeError);
        var status = prod.GetGrain<IStatusGrain>(RegistryKeys.System);
        var snapshot = await Eventually.ValueAsync(() => status.GetWorkerAsync(worker), s => s is { LastRun.Outcome: RunOutcome.Succeeded, State: WorkerState.Idle }, TimeSpan.FromSeconds(180));

        // A run cut off by the kill is not recorded (a wait for the destination) or is recorded failed and retried at
        // once: either way the last run is the one that resumed.
        var run = snapshot.LastRun;
        Assert.True(run?.Outcome == RunOutcome.Succeeded, $"No run succeeded: worker {snapshot.State}, last {run?.Outcome} {run?.Error}. PROD printed:\n{Tail(_systems.Prod.Output)}");
        output.WriteLine($"durable at the kill: {durable} bytes; resumed: {run!.ResumedBytes} of {Length} bytes ({100.0 * run.ResumedBytes / Length:F1}%)");
        Assert.InRange(run.ResumedBytes, durable, Length);
        Assert.Equal(Hash(sourceFile), Hash(Path.Combine(target, "disk.img")));
        Assert.Empty(Directory.GetFiles(staging));
    }

    /// <summary>The durable watermark of the one staged upload in <paramref name="staging"/>, 0 while there is none.</summary>
    private static long Watermark(string staging)
    {
        try
        {
            var state = Directory.GetFiles(staging, "upload-*.state").SingleOrDefault();
            var lines = state is null ? [] : File.ReadAllText(state).Split('\n');
            return lines.Length > 3 && long.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var durable) ? durable : 0;
        }
        catch (Exception e) when (e is IOException)
        {
            return 0; // not created yet, or replaced while read
        }
    }

    private static void WriteRandom(string path, int length)
    {
        var random = new Random(11);
        var buffer = new byte[1 << 20];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        for (var written = 0; written < length; written += buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer);
        }
    }

    private static string Hash(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(file));
    }

    private static string Tail(string output) => output[^Math.Min(output.Length, 6000)..];
}
