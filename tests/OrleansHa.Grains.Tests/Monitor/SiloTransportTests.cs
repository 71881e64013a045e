using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Systems;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>Two systems in one process: PROD replicates a file set to BACKUP through the <c>silo</c> transport.</summary>
public sealed class SiloTransportTests : IAsyncLifetime
{
    private readonly MonitorCluster _backup = new();
    private MonitorCluster _prod = null!;

    public async Task InitializeAsync()
    {
        await _backup.StartAsync();
        // The transport's test double: the connector hands out the BACKUP cluster's client; the far side is a real cluster.
        var connector = new ClusterConnector();
        connector.Add("BACKUP", () => _backup.Client);
        _prod = new MonitorCluster(configureServices: s => s.AddSingleton<IRemoteSystemConnector>(connector));
        await _prod.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _prod.DisposeAsync();
        await _backup.DisposeAsync();
    }

    [Fact]
    public async Task SyncNow_WhenDestinationIsAnotherSystem_FilesLandThereInsideTheUsersRoots()
    {
        var remoteHome = _backup.Folder("home", "rep1");
        await _backup.AddUserAsync("rep1", 5, remoteHome);
        await _prod.AddUserAsync("rep1");
        MonitorCluster.AsAdmin();
        var destination = await _prod.Client.GetGrain<IDestinationGrain>("BACKUP").DefineAsync(new DestinationDefinition("BACKUP", DestinationTransport.Silo, null, "127.0.0.1:30001", "BACKUP", "backup-admin"), allowUpdate: false);
        var source = _prod.Folder("home", "rep1", "docs");
        await File.WriteAllTextAsync(Path.Combine(source, "small.txt"), "small");
        // More chunks than the sender keeps in flight, the last one short.
        var big = new byte[(9 * 1024 * 1024) + 17];
        new Random(7).NextBytes(big);
        await File.WriteAllBytesAsync(Path.Combine(source, "big.bin"), big);
        var target = Path.Combine(remoteHome, "replica");
        await _prod.AddFileSetAsync(MonitorCluster.FileSet("rep1", "docs", source, "BACKUP", targetPath: target));

        MonitorCluster.AsUser("rep1");
        await _prod.Client.GetGrain<IFileSetGrain>("rep1/docs").SyncNowAsync(null);
        var done = await MonitorCluster.EventuallyAsync(() => _prod.WorkerAsync(WorkerKey.Format("rep1", "BACKUP", "default")), s => s.LastRun is not null && s.State == WorkerState.Idle, "the replication run");

        Assert.True(destination.Available, destination.ProbeError);
        Assert.True(done.LastRun!.Outcome == RunOutcome.Succeeded, done.LastRun.Error + string.Join("; ", done.LastRun.FailedPaths));
        Assert.Equal("small", await File.ReadAllTextAsync(Path.Combine(target, "small.txt")));
        Assert.Equal(big, await File.ReadAllBytesAsync(Path.Combine(target, "big.bin")));
        Assert.Empty(Directory.GetFiles(target, ".orleansha-partial-*"));
    }

    [Fact]
    public async Task SyncNow_WhenTargetIsOutsideTheUsersRootsOnTheOtherSystem_FailsNamingTheTarget()
    {
        await _backup.AddUserAsync("rep2", 5, _backup.Folder("home", "rep2"));
        await _prod.AddUserAsync("rep2");
        MonitorCluster.AsAdmin();
        await _prod.Client.GetGrain<IDestinationGrain>("BACKUP2").DefineAsync(new DestinationDefinition("BACKUP2", DestinationTransport.Silo, null, "127.0.0.1:30001", "BACKUP", "backup-admin"), allowUpdate: false);
        var source = _prod.Folder("home", "rep2", "docs");
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), "a");
        var outside = _backup.Folder("home", "someone-else");
        await _prod.AddFileSetAsync(MonitorCluster.FileSet("rep2", "docs", source, "BACKUP2", targetPath: outside));

        MonitorCluster.AsUser("rep2");
        await _prod.Client.GetGrain<IFileSetGrain>("rep2/docs").SyncNowAsync(null);
        var failed = await MonitorCluster.EventuallyAsync(() => _prod.WorkerStatusAsync(WorkerKey.Format("rep2", "BACKUP2", "default")), w => w?.Failures >= 1, "the refused run");

        Assert.Contains("outside rep2's roots", failed!.LastError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outside, "a.txt")));
    }

    [Fact]
    public async Task WriteFile_WhenTheSenderSendsAnotherOwner_TheFileBelongsToTheUsersProfileHere()
    {
        var home = _backup.Folder("home", "rep3");
        await _backup.AddUserAsync("rep3", 5, home);
        var receiver = _backup.Client.GetGrain<IReplicaReceiverGrain>($"rep3|{Path.Combine(home, "in")}");
        var sent = new ReplicaMetadata(Mode: 0b110_100_100, MtimeNanoseconds: 1_700_000_000_000_000_000, Uid: 4242, Gid: 4343, Preserve: true);

        MonitorCluster.AsUser("rep3");
        await receiver.OpenAsync(durable: false, epoch: 0);
        MonitorCluster.AsUser("rep3");
        await receiver.WriteFileAsync("f.txt", sent, "content"u8.ToArray());

        Assert.Equal($"{MonitorCluster.ProcessUid}:{MonitorCluster.ProcessGid}", await OwnerAsync(Path.Combine(home, "in", "f.txt")));
    }

    [Fact]
    public async Task Open_WhenTheUserIsUnknownOnTheReceivingSystem_IsRefused()
    {
        var receiver = _backup.Client.GetGrain<IReplicaReceiverGrain>($"nobody4|{_backup.Folder("home", "nobody4")}");

        MonitorCluster.AsAdmin();
        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(() => receiver.OpenAsync(durable: false, epoch: 0));

        Assert.Equal("user", error.Field);
        Assert.Contains("nobody4 is not defined on this system", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The numeric owner of a file (uid:gid), as stat(1) reports it.</summary>
    private static async Task<string> OwnerAsync(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var output = await stat.StandardOutput.ReadToEndAsync();
        await stat.WaitForExitAsync();
        return output.Trim();
    }
}
