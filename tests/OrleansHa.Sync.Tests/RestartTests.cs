namespace OrleansHa.Sync.Tests;

/// <summary>Runs stopped half-way: by cancellation (the manifest saves what landed) or by a kill (nothing saved, temp files left).</summary>
public sealed class RestartTests : IDisposable
{
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task RunAsync_WhenCancelledHalfWay_SavesWhatLandedAndTheNextRunCopiesOnlyTheRest()
    {
        for (var i = 0; i < 100; i++)
        {
            _tree.Write($"d{i % 4}/f{i:D3}.txt", $"file {i}");
        }

        using var cancel = new CancellationTokenSource();
        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access);
        var written = 0;
        var target = new DelegatingTarget(local, afterWrite: _ =>
        {
            if (Interlocked.Increment(ref written) == 40)
            {
                cancel.Cancel();
            }

            return Task.CompletedTask;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _tree.SyncAsync(new SyncOptions { Parallelism = 1 }, target: target, cancellationToken: cancel.Token));
        var next = await _tree.SyncAsync();

        Assert.True(next.RecoveredInterruptedRun);
        Assert.Empty(next.Failures);
        Assert.Equal(100 - 40, next.FilesCopied);
        Assert.Equal(SyncTestTree.Snapshot(_tree.Source), SyncTestTree.Snapshot(_tree.Target));
    }

    [Fact]
    public async Task RunAsync_WhenCancelledAmongTheDeletions_TheNextRunDeletesTheRest()
    {
        for (var i = 0; i < 20; i++)
        {
            _tree.Write($"d{i % 2}/f{i:D2}.txt", $"file {i}");
        }

        var mirror = new SyncOptions(MirrorDeletes: true);
        await _tree.SyncAsync(mirror);
        for (var i = 0; i < 6; i++)
        {
            File.Delete(_tree.Src($"d{i % 2}/f{i:D2}.txt"));
        }

        using var cancel = new CancellationTokenSource();
        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access);
        var deleted = 0;
        var target = new DelegatingTarget(local, afterDelete: _ =>
        {
            if (Interlocked.Increment(ref deleted) == 2)
            {
                cancel.Cancel();
            }

            return Task.CompletedTask;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _tree.SyncAsync(mirror, target: target, cancellationToken: cancel.Token));
        var next = await _tree.SyncAsync(mirror);

        Assert.Equal(2, deleted);
        Assert.Empty(next.Failures);
        Assert.Equal(4, next.FilesDeleted); // the manifest still knew the four the cancelled run had not reached
        Assert.Equal(SyncTestTree.Snapshot(_tree.Source, withTimes: false), SyncTestTree.Snapshot(_tree.Target, withTimes: false));
    }

    [Fact]
    public async Task RunAsync_WhenPreviousRunWasKilled_RemovesItsLeftoversAndSkipsWhatLanded()
    {
        for (var i = 0; i < 10; i++)
        {
            _tree.Write($"f{i}.txt", $"v1 {i}");
        }

        await _tree.SyncAsync();
        for (var i = 0; i < 10; i++)
        {
            _tree.Write($"f{i}.txt", $"v2 {i}, longer");
        }

        // The state a kill leaves: the run marker, the old manifest, some files already renamed into place,
        // and a half-written temporary file.
        File.WriteAllBytes(_tree.ManifestPath + ".running", []);
        for (var i = 0; i < 4; i++)
        {
            File.Copy(_tree.Src($"f{i}.txt"), _tree.Dst($"f{i}.txt"), overwrite: true);
            SyncTestTree.Run("touch", "-m", "-r", _tree.Src($"f{i}.txt"), _tree.Dst($"f{i}.txt")); // to the nanosecond
        }

        var leftover = TemporaryNames.Name(TemporaryNames.ForProcess.NewInstance(), 1);
        File.WriteAllText(_tree.Dst(leftover), "half a fi");

        var report = await _tree.SyncAsync();

        Assert.True(report.RecoveredInterruptedRun);
        Assert.Empty(report.Failures);
        Assert.Equal(6, report.FilesCopied);
        Assert.Equal(SyncTestTree.Snapshot(_tree.Source), SyncTestTree.Snapshot(_tree.Target));
        Assert.False(File.Exists(_tree.ManifestPath + ".running"));
    }

    [Fact]
    public async Task RunAsync_WhenManifestIsDamaged_ComparesWithTheTargetInstead()
    {
        _tree.Write("a.txt", "a");
        _tree.Write("b.txt", "b");
        await _tree.SyncAsync();
        var bytes = File.ReadAllBytes(_tree.ManifestPath);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(_tree.ManifestPath, bytes);
        _tree.Write("c.txt", "c");

        var report = await _tree.SyncAsync();

        Assert.Empty(report.Failures);
        Assert.Equal(1, report.FilesCopied); // a and b match at the target; only c is new
        Assert.Equal(SyncTestTree.Snapshot(_tree.Source), SyncTestTree.Snapshot(_tree.Target));
    }
}
