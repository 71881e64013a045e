namespace OrleansHa.Sync.Tests;

public sealed class CopyTests : IDisposable
{
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task RunAsync_WhenFirstCopy_CopiesContentModesTimesLinksAndEmptyDirectories()
    {
        var time = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567);
        _tree.Write("plain.txt", "hello", UnixFileMode.UserRead | UnixFileMode.UserWrite, time);
        _tree.Write("with space/ünïcødé ✓.txt", "unicode", mtime: time);
        _tree.Write("odd/-dash'quote\"$&;|.txt", "odd");
        _tree.Write("odd/tab\tand\nnewline", "control characters");
        _tree.Write("empty.bin", string.Empty);
        _tree.Write("exec.sh", "#!/bin/sh", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        Directory.CreateDirectory(_tree.Src("empty-dir/nested-empty"));
        File.CreateSymbolicLink(_tree.Src("link-relative"), "plain.txt");
        File.CreateSymbolicLink(_tree.Src("link-dangling"), "does/not/exist");
        Directory.CreateSymbolicLink(_tree.Src("link-to-dir"), "with space");

        var report = await _tree.SyncAsync();

        Assert.Empty(report.Failures);
        Assert.Equal(SyncTestTree.Snapshot(_tree.Source), SyncTestTree.Snapshot(_tree.Target));
        Assert.Equal(9, report.FilesCopied);
        Assert.Equal(4, report.DirectoriesCreated);
        Assert.Equal("plain.txt", new FileInfo(_tree.Dst("link-relative")).LinkTarget);
        Assert.Equal(time, File.GetLastWriteTimeUtc(_tree.Dst("plain.txt")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Target, LocalDirectoryTarget.TempPrefix + "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task RunAsync_WhenSparseMultiGibFile_CopiesContentAndKeepsItSparse()
    {
        var path = _tree.Src("sparse.img");
        using (var file = new FileStream(path, FileMode.CreateNew))
        {
            file.SetLength(5L << 30);
            file.Write("head"u8);
            file.Position = 3L << 30;
            file.Write(new byte[64 * 1024].Select((_, i) => (byte)i).ToArray());
        }

        var report = await _tree.SyncAsync();

        Assert.Empty(report.Failures);
        Assert.Equal(5L << 30, new FileInfo(_tree.Dst("sparse.img")).Length);
        var blocks = long.Parse(SyncTestTree.Run("stat", "-c", "%b", _tree.Dst("sparse.img")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(blocks * 512 < 16L << 20, $"the copy allocates {blocks * 512} bytes; a sparse copy allocates well under 16 MiB");
        using var copy = File.OpenRead(_tree.Dst("sparse.img"));
        var buffer = new byte[64 * 1024];
        copy.Position = 3L << 30;
        copy.ReadExactly(buffer);
        Assert.Equal(new byte[64 * 1024].Select((_, i) => (byte)i).ToArray(), buffer);
        copy.Position = 0;
        copy.ReadExactly(buffer.AsSpan(0, 4));
        Assert.Equal("head"u8.ToArray(), buffer[..4]);
    }

    [Fact]
    public async Task RunAsync_WhenMetadataNotPreserved_UsesDefaultModesAndCurrentTimes()
    {
        _tree.Write("a.txt", "a", UnixFileMode.UserRead, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var report = await _tree.SyncAsync(new SyncOptions(PreserveMetadata: false));

        Assert.Empty(report.Failures);
        Assert.Equal("a", File.ReadAllText(_tree.Dst("a.txt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(_tree.Dst("a.txt")));
        Assert.True(File.GetLastWriteTimeUtc(_tree.Dst("a.txt")).Year > 2001);
    }

    [Fact]
    public async Task RunAsync_WhenSetuidFile_DropsSetuidAndSetgid()
    {
        _tree.Write("tool", "x", UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        await _tree.SyncAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_tree.Dst("tool")));
    }

    [Fact]
    public async Task RunAsync_WhenIncludeAndExcludePatterns_CopiesOnlyTheSelection()
    {
        _tree.Write("docs/a.md", "a");
        _tree.Write("docs/drafts/b.md", "b");
        _tree.Write("docs/c.txt", "c");
        _tree.Write("src/d.md", "d");
        _tree.Write("cache/e.md", "e");
        _tree.Write("other/deeper/x.txt", "x");
        _tree.Write("deep/er/still/f.md", "f");

        var report = await _tree.SyncAsync(include: ["*.md"], exclude: ["drafts/", "/cache"]);

        Assert.Empty(report.Failures);
        Assert.True(File.Exists(_tree.Dst("docs/a.md")));
        Assert.True(File.Exists(_tree.Dst("src/d.md")));
        Assert.False(File.Exists(_tree.Dst("docs/c.txt")));
        Assert.False(Directory.Exists(_tree.Dst("docs/drafts")));
        Assert.False(Directory.Exists(_tree.Dst("cache")));
        Assert.False(Directory.Exists(_tree.Dst("other")));
        Assert.True(File.Exists(_tree.Dst("deep/er/still/f.md")));
    }

    [Fact]
    public async Task RunAsync_WhenProgressObserved_ReportsTotalsAndEndsComplete()
    {
        for (var i = 0; i < 50; i++)
        {
            _tree.Write($"d{i % 5}/f{i}.txt", new string('x', i * 10));
        }

        var reports = new List<SyncProgress>();
        var progress = new SynchronousProgress(reports.Add);

        var report = await _tree.SyncAsync(progress: progress);

        var last = reports[^1];
        Assert.Equal(last.FilesTotal, last.FilesDone);
        Assert.Equal(55, last.FilesTotal);
        Assert.Equal(report.BytesCopied, last.BytesDone);
        Assert.Equal(last.BytesTotal, last.BytesDone);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.FilesDone >= p.First.FilesDone));
    }

    private sealed class SynchronousProgress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        private readonly Lock _gate = new();

        public void Report(SyncProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
