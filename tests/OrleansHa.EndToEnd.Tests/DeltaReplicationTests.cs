using OrleansHa.Destinations;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Status;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// Delta transfer over the <c>silo</c> transport between two silo processes (issue 11, items 1 and 6): a large file
/// changed in its middle goes again as the change plus references to what BACKUP already holds.
/// </summary>
public sealed class DeltaReplicationTests : IAsyncLifetime
{
    private const int Size = 24 << 20;
    private const int Changed = 64 * 1024;
    private readonly TwoSystems _systems = new();

    public Task InitializeAsync() => _systems.StartAsync();

    public async Task DisposeAsync() => await _systems.DisposeAsync();

    [Fact]
    public async Task SyncNow_WhenALargeFileChangedInTheMiddle_SendsLittleMoreThanTheChangeAndTheTargetEndsIdentical()
    {
        var prodHome = Directory.CreateDirectory(Path.Combine(_systems.Path, "prod-home", "dora")).FullName;
        var backupHome = Directory.CreateDirectory(Path.Combine(_systems.Path, "backup-home", "dora")).FullName;
        var source = Directory.CreateDirectory(Path.Combine(prodHome, "images")).FullName;
        var data = new byte[Size];
        new Random(21).NextBytes(data);
        var sourceFile = Path.Combine(source, "disk.img");
        await File.WriteAllBytesAsync(sourceFile, data);
        var target = Path.Combine(backupHome, "images-replica");
        await using var backupConnection = await _systems.Backup.ConnectAsync();
        await using var prodConnection = await _systems.Prod.ConnectAsync();
        var prod = prodConnection.Client;
        await backupConnection.Client.GetGrain<IUserGrain>("dora").DefineAsync(new UserDefinition("dora", 0, 0, 5, [backupHome]), allowUpdate: true);
        await prod.GetGrain<IUserGrain>("dora").DefineAsync(new UserDefinition("dora", 0, 0, 5, [prodHome]), allowUpdate: true);
        await prod.GetGrain<IDestinationGrain>("BACKUP").DefineAsync(
            new DestinationDefinition("BACKUP", DestinationTransport.Silo, null, _systems.Backup.Gateway, "BACKUP", "backup"), allowUpdate: true);
        var fileSet = prod.GetGrain<IFileSetGrain>("dora/images");
        await fileSet.DefineAsync(new FileSetDefinition(
            "dora", "images", source, [], [], [new FileSetTarget("BACKUP", target)], "default", "manual", 1, new FileSetOptions()), allowUpdate: true);
        var first = await RunAsync(fileSet, previous: null);
        new Random(22).NextBytes(data.AsSpan(Size / 2, Changed));
        await File.WriteAllBytesAsync(sourceFile, data);

        var second = await RunAsync(fileSet, first.RunId);

        Assert.Equal(0, first.LiteralBytes);
        Assert.Equal(Size, first.BytesCopied);
        Assert.Equal(1, second.FilesCopied);
        var replica = await File.ReadAllBytesAsync(Path.Combine(target, "disk.img"));
        Assert.True(data.AsSpan().SequenceEqual(replica), "the replica differs from the source");
        // The change and at most the two blocks it touches (blocks of about 5 KiB for 24 MiB): a small share of the file.
        Assert.InRange(second.LiteralBytes, Changed, Changed + (2 * 8192));
        Assert.Equal(Size - second.LiteralBytes, second.MatchedBytes);
        Assert.Equal(File.GetLastWriteTimeUtc(sourceFile), File.GetLastWriteTimeUtc(Path.Combine(target, "disk.img")));
    }

    /// <summary>Runs the file set now and waits for its record (one newer than <paramref name="previous"/>); it must have succeeded.</summary>
    private async Task<RunRecord> RunAsync(IFileSetGrain fileSet, string? previous)
    {
        var worker = Assert.Single(await fileSet.SyncNowAsync(null));
        await using var connection = await _systems.Prod.ConnectAsync();
        var statusGrain = connection.Client.GetGrain<IStatusGrain>(RegistryKeys.System);
        var snapshot = await Eventually.ValueAsync(
            () => statusGrain.GetWorkerAsync(worker),
            s => s is { LastRun: not null, State: WorkerState.Idle } && s.LastRun.RunId != previous,
            TimeSpan.FromSeconds(90));
        Assert.True(snapshot.LastRun is not null && snapshot.LastRun.RunId != previous, $"The run did not finish within 90 s: worker {snapshot.State}. PROD printed:\n{_systems.Prod.Output[^Math.Min(_systems.Prod.Output.Length, 6000)..]}");
        Assert.True(snapshot.LastRun.Outcome == RunOutcome.Succeeded, $"{snapshot.LastRun.Error} {string.Join("; ", snapshot.LastRun.FailedPaths)}\nPROD printed:\n{_systems.Prod.Output[^Math.Min(_systems.Prod.Output.Length, 6000)..]}\nBACKUP printed:\n{_systems.Backup.Output[^Math.Min(_systems.Backup.Output.Length, 6000)..]}");
        return snapshot.LastRun;
    }
}
