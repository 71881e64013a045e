namespace OrleansHa.Sync.Tests;

/// <summary>Special files (FIFOs, sockets, devices) at the target, which are never listed: in the way of what the source has, they are replaced as rsync replaces them.</summary>
public sealed class SpecialFileTests : IDisposable
{
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_WhenAFifoIsInTheWayOfADirectoryFileOrLink_ReplacesItAsRsyncDoes(bool mirror)
    {
        var rsyncTarget = Path.Combine(_tree.Root, "rsync-dst");
        _tree.Write("dir/inside.txt", "inside");
        _tree.Write("file.txt", "file");
        File.CreateSymbolicLink(_tree.Src("link"), "file.txt");
        _tree.AgeDirectories();
        foreach (var target in new[] { _tree.Target, rsyncTarget })
        {
            Directory.CreateDirectory(target);
            SyncTestTree.Run("mkfifo", Path.Combine(target, "dir"), Path.Combine(target, "file.txt"), Path.Combine(target, "link"));
        }

        var first = await _tree.SyncAsync(new SyncOptions(MirrorDeletes: mirror));
        var second = await _tree.SyncAsync(new SyncOptions(MirrorDeletes: mirror));
        SyncTestTree.Run("rsync", [.. mirror ? new[] { "-a", "--delete" } : ["-a"], _tree.Source + "/", rsyncTarget + "/"]);

        Assert.Empty(first.Failures);
        Assert.Empty(second.Failures);
        Assert.Equal(0, second.FilesCopied);
        Assert.Equal(Kinds(rsyncTarget), Kinds(_tree.Target)); // first: a FIFO left in place would block the snapshot's read
        Assert.Equal(SyncTestTree.Snapshot(rsyncTarget), SyncTestTree.Snapshot(_tree.Target));
    }

    private static string Kinds(string directory)
        => SyncTestTree.Run("find", directory, "-mindepth", "1", "-printf", "%P %y\n").Split('\n').Order(StringComparer.Ordinal).Aggregate(string.Empty, (a, b) => a + b + ";");
}
