using OrleansHa.Destinations;
using OrleansHa.Grains.Tests.Monitor;
using OrleansHa.Security;

namespace OrleansHa.Grains.Tests.Destinations;

/// <summary>The replica receiver takes small files in batches (issue 11 item 7(b)), with the checks of a single write.</summary>
public sealed class ReceiverBatchTests : IAsyncLifetime
{
    private readonly MonitorCluster _cluster = new();

    public Task InitializeAsync() => _cluster.StartAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task WriteFiles_WhenABatchArrives_EachLandsWithTheUsersOwnerAndABadPathFailsAlone()
    {
        var home = _cluster.Folder("home", "batch1");
        await _cluster.AddUserAsync("batch1", 5, home);
        var root = Path.Combine(home, "in");
        var receiver = _cluster.Client.GetGrain<IReplicaReceiverGrain>($"batch1|{root}");
        var time = new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        var sent = new ReplicaMetadata(Mode: 0b110_100_000, MtimeNanoseconds: (time - DateTime.UnixEpoch).Ticks * 100, Uid: 4242, Gid: 4343, Preserve: true);
        ReplicaBatchFile[] files =
        [
            new("a.txt", sent, "alpha"u8.ToArray()),
            new("no-such-dir/b.txt", sent, "beta"u8.ToArray()),
            new("c.txt", sent, []),
            .. Enumerable.Range(0, 20).Select(i => new ReplicaBatchFile($"n{i}.txt", sent, System.Text.Encoding.UTF8.GetBytes($"number {i}"))),
        ];

        MonitorCluster.AsUser("batch1");
        await receiver.OpenAsync(durable: true, epoch: 0);
        MonitorCluster.AsUser("batch1");
        var outcomes = await receiver.WriteFilesAsync(files);

        Assert.Equal(files.Length, outcomes.Count);
        Assert.Null(outcomes[0]);
        Assert.Contains("no-such-dir", outcomes[1], StringComparison.Ordinal);
        Assert.All(outcomes.Skip(2), Assert.Null);
        Assert.Equal("alpha", await File.ReadAllTextAsync(Path.Combine(root, "a.txt")));
        Assert.Equal(0, new FileInfo(Path.Combine(root, "c.txt")).Length);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal($"number {i}", File.ReadAllText(Path.Combine(root, $"n{i}.txt"))));
        Assert.False(Directory.Exists(Path.Combine(root, "no-such-dir")));
        Assert.Equal($"{MonitorCluster.ProcessUid}:{MonitorCluster.ProcessGid}", Stat("%u:%g", Path.Combine(root, "a.txt")));
        Assert.Equal("640", Stat("%a", Path.Combine(root, "n7.txt")));
        Assert.Equal(time, File.GetLastWriteTimeUtc(Path.Combine(root, "n7.txt")));
        Assert.Empty(Directory.GetFiles(root, ".orleansha-partial-*"));
    }

    [Fact]
    public async Task WriteFiles_WhenTheCallerIsAnotherUser_IsRefusedAndWritesNothing()
    {
        var home = _cluster.Folder("home", "batch2");
        await _cluster.AddUserAsync("batch2", 5, home);
        await _cluster.AddUserAsync("mallory2");
        var root = Path.Combine(home, "in");
        var receiver = _cluster.Client.GetGrain<IReplicaReceiverGrain>($"batch2|{root}");
        MonitorCluster.AsUser("batch2");
        await receiver.OpenAsync(durable: false, epoch: 0);

        MonitorCluster.AsUser("mallory2");
        var error = await Assert.ThrowsAsync<AccessDeniedException>(
            () => receiver.WriteFilesAsync([new ReplicaBatchFile("planted.txt", new ReplicaMetadata(0b110_100_100, 0, 0, 0, true), "x"u8.ToArray())]));

        Assert.Contains("belongs to user batch2", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(root, "planted.txt")));
    }

    [Fact]
    public async Task Directories_WhenABatchArrives_AreMadeInOrderWithTheUsersOwnerAndABadOneFailsAlone()
    {
        var home = _cluster.Folder("home", "batch3");
        await _cluster.AddUserAsync("batch3", 5, home);
        var root = Path.Combine(home, "in");
        var receiver = _cluster.Client.GetGrain<IReplicaReceiverGrain>($"batch3|{root}");
        var time = new DateTime(2019, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var sent = new ReplicaMetadata(Mode: 0b111_101_000, MtimeNanoseconds: (time - DateTime.UnixEpoch).Ticks * 100, Uid: 4242, Gid: 4343, Preserve: true);
        MonitorCluster.AsUser("batch3");
        await receiver.OpenAsync(durable: false, epoch: 0);

        MonitorCluster.AsUser("batch3");
        var created = await receiver.CreateDirectoriesAsync(["d", "d/e", "no-such/x", "f"]);
        MonitorCluster.AsUser("batch3");
        var set = await receiver.SetDirectoriesMetadataAsync([new("d/e", sent), new("no-such/x", sent), new("d", sent)]);

        Assert.Equal([true, true, false, true], created.Select(o => o is null));
        Assert.Contains("no-such", created[2], StringComparison.Ordinal);
        Assert.Equal([true, false, true], set.Select(o => o is null));
        Assert.All(new[] { "d", "d/e" }, p =>
        {
            Assert.Equal($"{MonitorCluster.ProcessUid}:{MonitorCluster.ProcessGid}:750", Stat("%u:%g:%a", Path.Combine(root, p)));
            Assert.Equal(time, Directory.GetLastWriteTimeUtc(Path.Combine(root, p))); // the parent's time set after the child's stuck
        });
        Assert.True(Directory.Exists(Path.Combine(root, "f")));
    }

    /// <summary>A file's status as stat(1) formats it.</summary>
    private static string Stat(string format, string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", format, path]) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return output.Trim();
    }
}
