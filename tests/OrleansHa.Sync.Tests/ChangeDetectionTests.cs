using System.Globalization;

namespace OrleansHa.Sync.Tests;

public sealed class ChangeDetectionTests : IDisposable
{
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task RunAsync_WhenNothingChanged_CopiesNothingAndLeavesTargetUntouched()
    {
        for (var i = 0; i < 30; i++)
        {
            _tree.Write($"d{i % 3}/f{i}.txt", $"content {i}");
        }

        await _tree.SyncAsync();
        var before = TargetIdentity();

        var report = await _tree.SyncAsync();

        Assert.Empty(report.Failures);
        Assert.Equal(0, report.FilesCopied);
        Assert.Equal(0, report.DirectoriesCreated);
        Assert.Equal(30, report.FilesSkipped);
        Assert.Equal(before, TargetIdentity());
    }

    [Fact]
    public async Task RunAsync_WhenContentChangedButSizeAndTimeKept_CopiesItOnlyInVerifyMode()
    {
        var stamp = new DateTime(2023, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        _tree.Write("same-size.txt", "aaaa", mtime: stamp);
        await _tree.SyncAsync();
        _tree.Write("same-size.txt", "bbbb", mtime: stamp);

        var quick = await _tree.SyncAsync();
        var contentAfterQuick = File.ReadAllText(_tree.Dst("same-size.txt"));
        var verify = await _tree.SyncAsync(new SyncOptions(VerifyContent: true));
        var verifyAgain = await _tree.SyncAsync(new SyncOptions(VerifyContent: true));

        Assert.Equal(0, quick.FilesCopied); // size and time match: the content was not even read
        Assert.Equal("aaaa", contentAfterQuick);
        Assert.Equal(1, verify.FilesCopied);
        Assert.Equal("bbbb", File.ReadAllText(_tree.Dst("same-size.txt")));
        Assert.Equal(0, verifyAgain.FilesCopied);
    }

    [Fact]
    public async Task RunAsync_WhenSomeFilesChange_CopiesOnlyThose()
    {
        for (var i = 0; i < 20; i++)
        {
            _tree.Write($"f{i}.txt", "v1");
        }

        await _tree.SyncAsync();
        _tree.Write("f3.txt", "v2 longer");
        _tree.Write("f7.txt", "v2", mtime: DateTime.UtcNow.AddDays(-3));
        _tree.Write("new/f.txt", "new");

        var report = await _tree.SyncAsync();

        Assert.Empty(report.Failures);
        Assert.Equal(3, report.FilesCopied);
        Assert.Equal(1, report.DirectoriesCreated);
        Assert.Equal(SyncTestTree.Snapshot(_tree.Source), SyncTestTree.Snapshot(_tree.Target));
    }

    [Fact]
    public async Task RunAsync_WhenFilesVanish_DeletesThemOnlyWhenMirroring()
    {
        _tree.Write("keep.txt", "k");
        _tree.Write("gone/one.txt", "1");
        _tree.Write("gone/two.txt", "2");
        _tree.Write("loose.txt", "l");
        await _tree.SyncAsync();
        Directory.Delete(_tree.Src("gone"), recursive: true);
        File.Delete(_tree.Src("loose.txt"));

        var plain = await _tree.SyncAsync();
        var stillThere = File.Exists(_tree.Dst("gone/one.txt")) && File.Exists(_tree.Dst("loose.txt"));
        var mirror = await _tree.SyncAsync(new SyncOptions(MirrorDeletes: true));

        Assert.Equal(0, plain.FilesDeleted);
        Assert.True(stillThere);
        Assert.Equal(2, mirror.FilesDeleted); // the directory (with its contents) and the file
        Assert.False(Directory.Exists(_tree.Dst("gone")));
        Assert.False(File.Exists(_tree.Dst("loose.txt")));
        Assert.True(File.Exists(_tree.Dst("keep.txt")));
    }

    [Fact]
    public async Task RunAsync_WhenExcludedFilesAtTarget_NeverDeletesThem()
    {
        _tree.Write("a.txt", "a");
        Directory.CreateDirectory(_tree.Target);
        File.WriteAllText(_tree.Dst("local.cache"), "target's own");

        var report = await _tree.SyncAsync(new SyncOptions(MirrorDeletes: true), exclude: ["*.cache"]);

        Assert.Empty(report.Failures);
        Assert.True(File.Exists(_tree.Dst("local.cache")));
    }

    private List<string> TargetIdentity()
        => [.. Directory.EnumerateFileSystemEntries(_tree.Target, "*", SearchOption.AllDirectories).Append(_tree.Target).Order(StringComparer.Ordinal)
            .Select(p => p + " " + SyncTestTree.Run("stat", "-c", "%i %Y.%Z %a", p).Trim()
                + " " + File.GetLastWriteTimeUtc(p).Ticks.ToString(CultureInfo.InvariantCulture))];
}
