namespace OrleansHa.Sync.Tests;

/// <summary>
/// A target that takes small files in batches (issue 11 item 7(b)): the engine reads a directory's small files into
/// batches within the target's limits, yet records, fails and checks each file on its own.
/// </summary>
public sealed class BatchTests : IDisposable
{
    private static readonly SyncBatchLimits Limits = new(MaxFiles: 3, MaxBytes: 1000, MaxFileSize: 4096);
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task RunAsync_WhenTheTargetTakesBatches_SmallFilesGoInBatchesAndTheTreeIsIdentical()
    {
        var time = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567);
        for (var i = 0; i < 10; i++)
        {
            _tree.Write($"d/f{i:00}.txt", new string((char)('a' + i), 100 * i), UnixFileMode.UserRead | UnixFileMode.UserWrite | (i % 2 == 0 ? UnixFileMode.OtherRead : UnixFileMode.None), time.AddSeconds(i));
        }

        _tree.Write("deep/er/x.txt", "x");
        _tree.Write("big.bin", new string('b', 10_000)); // above MaxFileSize: the usual way
        File.CreateSymbolicLink(_tree.Src("d/link"), "f01.txt");
        _tree.AgeDirectories();
        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access, durable: false);
        var target = new BatchingTarget(local, Limits);

        var report = await _tree.SyncAsync(target: target);
        var again = await _tree.SyncAsync();

        Assert.Empty(report.Failures);
        Assert.Equal(SyncTestTree.Snapshot(_tree.Source), SyncTestTree.Snapshot(_tree.Target));
        Assert.Equal(13, report.FilesCopied);
        Assert.Equal(10 * 100 * 9 / 2 + 1 + 10_000, report.BytesCopied); // a link has no content
        Assert.Equal(11, target.BatchedFiles);
        Assert.Equal(1, target.SingleFiles);
        Assert.Equal(8, target.Batches); // d: 0+100+200 (3 files), 300+400, then 500 to 900 alone (1000 bytes); deep/er: 1
        Assert.Equal(3, target.DirectoryBatches); // 3 new directories in one, the metadata of those and the root in two
        Assert.Equal(0, again.FilesCopied);
    }

    [Fact]
    public async Task RunAsync_WhenOneFileOfABatchFails_OnlyThatFileFailsAndOnlyTheLandedOnesAreInTheManifest()
    {
        for (var i = 0; i < 6; i++)
        {
            _tree.Write($"d/f{i}.txt", $"file {i}");
        }

        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access, durable: false);
        var target = new BatchingTarget(local, Limits, failInBatch: path => path == "d/f4.txt");

        var report = await _tree.SyncAsync(target: target);
        var manifest = ManifestFile.Read(_tree.ManifestPath)!;
        var landed = File.Exists(_tree.Dst("d/f4.txt"));
        var next = await _tree.SyncAsync();

        var failure = Assert.Single(report.Failures);
        Assert.Equal("d/f4.txt", failure.Path);
        Assert.Contains("injected failure", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(5, report.FilesCopied);
        Assert.All(new[] { 0, 1, 2, 3, 5 }, i => Assert.Equal($"file {i}", File.ReadAllText(_tree.Dst($"d/f{i}.txt"))));
        Assert.False(landed);
        Assert.True(manifest.IndexOf("d/f3.txt"u8) >= 0 && manifest.IndexOf("d/f5.txt"u8) >= 0);
        Assert.True(manifest.IndexOf("d/f4.txt"u8) < 0, "a file that did not land is in the manifest");
        Assert.Equal(1, next.FilesCopied);
        Assert.Equal("file 4", File.ReadAllText(_tree.Dst("d/f4.txt")));
    }

    [Fact]
    public async Task RunAsync_WhenBatchedFilesChangeAfterTheScan_EachIsCheckedWhenOpenedAndOnlyTheBadOneFails()
    {
        for (var i = 0; i < 6; i++)
        {
            _tree.Write($"d/f{i}.txt", $"file {i}");
        }

        _tree.Write("d/y-grows.txt", "small at the scan");
        _tree.Write("d/z-becomes-link.txt", "a file at the scan");
        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access, durable: false);
        var target = new BatchingTarget(local, Limits, onBatch: n =>
        {
            if (n == 1)
            {
                // The first batch is out; the engine has not opened the last files of the directory yet.
                File.WriteAllText(_tree.Src("d/y-grows.txt"), new string('g', 5000));
                File.Delete(_tree.Src("d/z-becomes-link.txt"));
                File.CreateSymbolicLink(_tree.Src("d/z-becomes-link.txt"), "f0.txt");
            }
        });

        var report = await _tree.SyncAsync(target: target);
        var landed = Path.Exists(_tree.Dst("d/z-becomes-link.txt"));
        var next = await _tree.SyncAsync();

        var failure = Assert.Single(report.Failures);
        Assert.Equal("d/z-becomes-link.txt", failure.Path);
        Assert.Contains("is now a symbolic link", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(7, report.FilesCopied);
        Assert.Equal(new string('g', 5000), File.ReadAllText(_tree.Dst("d/y-grows.txt"))); // grew past the limit: copied alone, as it is now
        Assert.Equal(1, target.SingleFiles);
        Assert.All(Enumerable.Range(0, 6), i => Assert.Equal($"file {i}", File.ReadAllText(_tree.Dst($"d/f{i}.txt"))));
        Assert.False(landed);
        Assert.Equal(1, next.FilesCopied);
        Assert.Equal("f0.txt", new FileInfo(_tree.Dst("d/z-becomes-link.txt")).LinkTarget);
    }

    [Fact]
    public async Task RunAsync_WhenADirectoryOfABatchCannotBeCreated_ItFailsAndTheOthersLandWithTheirMetadata()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            _tree.Write($"{name}/x.txt", name);
        }

        _tree.AgeDirectories();
        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access, durable: false);
        var target = new BatchingTarget(local, Limits, failInBatch: path => path == "b");

        var report = await _tree.SyncAsync(target: target);

        Assert.Contains(report.Failures, f => f.Path == "b" && f.Reason.Contains("injected failure", StringComparison.Ordinal));
        Assert.All(report.Failures, f => Assert.StartsWith("b", f.Path, StringComparison.Ordinal));
        Assert.False(Directory.Exists(_tree.Dst("b")));
        Assert.All(new[] { "a", "c" }, name =>
        {
            Assert.Equal(name, File.ReadAllText(_tree.Dst($"{name}/x.txt")));
            Assert.Equal(Directory.GetLastWriteTimeUtc(_tree.Src(name)), Directory.GetLastWriteTimeUtc(_tree.Dst(name)));
        });
    }

    [Fact]
    public async Task RunAsync_WhenAModifiedFileIsBigEnoughForDelta_ItStaysOutOfBatchesAndGoesByDelta()
    {
        var options = new SyncOptions(Durable: false) { DeltaMinimumSize = 2048 };
        var data = new byte[3000];
        new Random(5).NextBytes(data);
        File.WriteAllBytes(_tree.Src("mid.bin"), data);
        _tree.Write("small.txt", "small");
        await _tree.SyncAsync(options);
        data[1500] ^= 0xff;
        File.WriteAllBytes(_tree.Src("mid.bin"), data);
        File.SetLastWriteTimeUtc(_tree.Src("mid.bin"), new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access, durable: false);
        var delta = new Delta.LocalDeltaTarget(local);
        var target = new Delta.BatchingDeltaTarget(new BatchingTarget(local, Limits), delta);

        var report = await _tree.SyncAsync(options, target: target);

        Assert.Empty(report.Failures);
        Assert.Equal(1, report.FilesCopied);
        Assert.Equal(1, delta.Deltas); // 3000 bytes fit a batch (MaxFileSize 4096), but delta is the engine's choice for it
        Assert.Equal(data, File.ReadAllBytes(_tree.Dst("mid.bin")));
    }
}
