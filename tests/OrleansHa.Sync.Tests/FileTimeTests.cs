namespace OrleansHa.Sync.Tests;

/// <summary>Modification times outside what 64-bit nanoseconds hold (before 1677-09-21, after 2262-04-11) are kept exactly, as rsync keeps them.</summary>
public sealed class FileTimeTests : IDisposable
{
    // tmpfs keeps any 64-bit second; ext4 (the usual /tmp) only 1901-12-13 to 2446-05-10.
    private static readonly string Tmpfs = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
    private readonly SyncTestTree _tree = new(Tmpfs);

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task RunAsync_WhenTimesLieOutside64BitNanoseconds_KeepsThemAsRsyncDoes()
    {
        var rsyncTarget = Path.Combine(_tree.Root, "rsync-dst");
        _tree.Write("future.txt", "after 2262");
        _tree.Write("past.txt", "before 1677");
        _tree.Write("dir/inside.txt", "inside");
        _tree.Write("negative.txt", "just before the epoch");
        Touch("2300-01-01 00:00:00.123456789", "future.txt");
        Touch("2400-06-30 12:00:00", "dir");
        Touch("1969-12-31 23:59:59.25", "negative.txt");
        var fileSystemKeepsThePast = Touch("1600-06-01 12:00:00.5", "past.txt") == "-11662920000.500000000";
        Touch("2022-01-01 00:00:00", string.Empty); // rsync leaves a directory changed this very second alone

        var first = await _tree.SyncAsync();
        var second = await _tree.SyncAsync();
        SyncTestTree.Run("rsync", "-a", _tree.Source + "/", rsyncTarget + "/");

        Assert.Empty(first.Failures);
        Assert.Equal(0, second.FilesCopied); // the manifest kept the times exactly: nothing looks changed
        Assert.Equal("10413792000.123456789", Time(_tree.Dst("future.txt")));
        Assert.Equal("13585147200.000000000", Time(_tree.Dst("dir")));
        Assert.Equal("-0.750000000", Time(_tree.Dst("negative.txt")));
        if (fileSystemKeepsThePast)
        {
            Assert.Equal("-11662920000.500000000", Time(_tree.Dst("past.txt")));
        }

        Assert.Equal(Times(rsyncTarget), Times(_tree.Target));
    }

    [Fact]
    public async Task RunAsync_WhenOnlyAFarFutureTimeChanged_CopiesTheFileAgain()
    {
        _tree.Write("future.txt", "same size");
        Touch("2300-01-01 00:00:00", "future.txt");
        await _tree.SyncAsync();
        Touch("2300-01-01 00:00:01", "future.txt");

        var report = await _tree.SyncAsync();

        Assert.Equal(1, report.FilesCopied);
        Assert.Equal("10413792001.000000000", Time(_tree.Dst("future.txt")));
    }

    [Fact]
    public void FileTime_FromNanoseconds_RoundsDownAndRoundTrips()
    {
        Assert.Equal(new FileTime(-1, 750_000_000), FileTime.FromNanoseconds(-250_000_000));
        Assert.Equal(long.MinValue, FileTime.FromNanoseconds(long.MinValue).ToNanoseconds());
        Assert.Equal(long.MaxValue, FileTime.FromNanoseconds(long.MaxValue).ToNanoseconds());
        Assert.False(new FileTime(10413792000, 0).FitsNanoseconds);
        Assert.Equal(long.MaxValue, new FileTime(10413792000, 0).ClampedNanoseconds);
        Assert.Throws<OverflowException>(() => new EntryMetadata(420, new FileTime(10413792000, 0), 0, 0).MtimeNanoseconds);
    }

    /// <summary>Sets the time of a source path (UTC) and returns what the file system kept, as "seconds.nanoseconds".</summary>
    private string Touch(string utc, string relative)
    {
        SyncTestTree.Run("touch", "-h", "-d", utc + " UTC", _tree.Src(relative));
        return Time(_tree.Src(relative));
    }

    private static string Time(string path) => SyncTestTree.Run("stat", "-c", "%.9Y", path).Trim();

    private static string Times(string directory)
        => SyncTestTree.Run("find", directory, "-printf", "%P %T@\n").Split('\n').Order(StringComparer.Ordinal).Aggregate(string.Empty, (a, b) => a + b + ";");
}
