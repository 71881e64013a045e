using OrleansHa.Destinations;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Status;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>Two silo processes: PROD replicates a file set to BACKUP through the <c>silo</c> transport, over BACKUP's gateway.</summary>
public sealed class MonitorReplicationTests : IAsyncLifetime
{
    private readonly TwoSystems _systems = new();

    public Task InitializeAsync() => _systems.StartAsync();

    public async Task DisposeAsync() => await _systems.DisposeAsync();

    [Fact]
    public async Task SyncNow_WhenDestinationIsAnotherSiloProcess_FilesLandThere()
    {
        var prodHome = Directory.CreateDirectory(Path.Combine(_systems.Path, "prod-home", "carol")).FullName;
        var backupHome = Directory.CreateDirectory(Path.Combine(_systems.Path, "backup-home", "carol")).FullName;
        var source = Directory.CreateDirectory(Path.Combine(prodHome, "ledger")).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "2026.csv"), "id,amount\n1,100\n");
        Directory.CreateDirectory(Path.Combine(source, "archive"));
        await File.WriteAllBytesAsync(Path.Combine(source, "archive", "big.bin"), Enumerable.Range(0, (2 << 20) + 5).Select(i => (byte)i).ToArray());
        var target = Path.Combine(backupHome, "ledger-replica");
        await using var backupConnection = await _systems.Backup.ConnectAsync();
        await using var prodConnection = await _systems.Prod.ConnectAsync();
        var backup = backupConnection.Client;
        var prod = prodConnection.Client;
        await backup.GetGrain<IUserGrain>("carol").DefineAsync(new UserDefinition("carol", 0, 0, 5, [backupHome]), allowUpdate: true);
        await prod.GetGrain<IUserGrain>("carol").DefineAsync(new UserDefinition("carol", 0, 0, 5, [prodHome]), allowUpdate: true);
        var destination = await prod.GetGrain<IDestinationGrain>("BACKUP").DefineAsync(
            new DestinationDefinition("BACKUP", DestinationTransport.Silo, null, _systems.Backup.Gateway, "BACKUP", "backup"), allowUpdate: true);
        await prod.GetGrain<IFileSetGrain>("carol/ledger").DefineAsync(new FileSetDefinition(
            "carol", "ledger", source, [], [], [new FileSetTarget("BACKUP", target)], "default", "manual", 1, new FileSetOptions()), allowUpdate: true);

        var workers = await prod.GetGrain<IFileSetGrain>("carol/ledger").SyncNowAsync(null);
        var status = prod.GetGrain<IStatusGrain>(RegistryKeys.System);
        Assert.True(destination.Available, destination.ProbeError);
        var worker = Assert.Single(workers);
        var snapshot = await Eventually.ValueAsync(() => status.GetWorkerAsync(worker), s => s is { LastRun: not null, State: WorkerState.Idle }, TimeSpan.FromSeconds(60));

        Assert.True(snapshot.LastRun is not null, $"The run did not finish within 60 s: worker {snapshot.State}, {snapshot.Queue.Count} queued, assignment {snapshot.Assignment is not null}. PROD printed:\n{_systems.Prod.Output[^Math.Min(_systems.Prod.Output.Length, 6000)..]}");
        Assert.True(snapshot.LastRun?.Outcome == RunOutcome.Succeeded, $"{snapshot.LastRun?.Error} {string.Join("; ", snapshot.LastRun?.FailedPaths ?? [])}");
        Assert.Equal("id,amount\n1,100\n", await File.ReadAllTextAsync(Path.Combine(target, "2026.csv")));
        Assert.Equal((2 << 20) + 5, new FileInfo(Path.Combine(target, "archive", "big.bin")).Length);
    }
}
