namespace OrleansHa.Sync.Tests;

/// <summary>Denied reads and writes, a full target, a file changing under the copy: reported per path, old copies intact.</summary>
public sealed class FailureTests : IDisposable
{
    private const int Nobody = 65534;
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task RunAsync_WhenOwnerMayNotReadSomeFiles_CopiesTheRestAndNeverDeletesTheDenied()
    {
        _tree.Write("public.txt", "everyone", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        _tree.Write("secret.txt", "root only", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        _tree.Write("closed/inside.txt", "root only too", UnixFileMode.UserRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(_tree.Src("closed"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await _tree.SyncAsync(); // as the process itself: everything lands
        File.SetUnixFileMode(_tree.Src("secret.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(_tree.Src("closed"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _tree.Write("public.txt", "everyone, v2", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        SyncTestTree.Run("chown", "-R", $"{Nobody}:{Nobody}", _tree.Target);
        _tree.Access = new AccessScope([_tree.Root], Uid: Nobody, Gid: Nobody);

        var report = await _tree.SyncAsync(new SyncOptions(MirrorDeletes: true));

        Assert.Equal(["closed", "secret.txt"], report.Failures.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(report.Failures, f => Assert.Contains($"uid {Nobody} may not", f.Reason, StringComparison.Ordinal));
        Assert.Equal("everyone, v2", File.ReadAllText(_tree.Dst("public.txt")));
        Assert.Equal("root only", File.ReadAllText(_tree.Dst("secret.txt")));
        Assert.Equal("root only too", File.ReadAllText(_tree.Dst("closed/inside.txt")));
        Assert.Equal(0, report.FilesDeleted);
    }

    [Fact]
    public async Task RunAsync_WhenOwnerMayNotWriteTheTarget_ReportsEachFileAndWritesNothing()
    {
        _tree.Write("a.txt", "a", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        _tree.Write("b.txt", "b", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Directory.CreateDirectory(_tree.Target); // root's, mode 755: not the owner's to write in
        _tree.Access = new AccessScope([_tree.Root], Uid: Nobody, Gid: Nobody);

        var report = await _tree.SyncAsync();

        Assert.Equal(0, report.FilesCopied);
        Assert.Equal(["a.txt", "b.txt"], report.Failures.Select(f => f.Path).Where(p => p.Length > 0).Order(StringComparer.Ordinal));
        Assert.Contains(report.Failures, f => f.Reason.Contains("may not write", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Target));
    }

    [Fact]
    public async Task RunAsync_WhenTargetIsFullOrReadOnly_KeepsThePreviousVersionAndLeavesNoPartialFile()
    {
        _tree.Write("data.bin", "version 1");
        Directory.CreateDirectory(_tree.Target);
        var mounted = SyncTestTree.IsRoot && SyncTestTree.RunText("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", _tree.Target], out var code) is var _ && code == 0;
        try
        {
            await _tree.SyncAsync();
            _tree.Write("data.bin", new string('x', 3 << 20)); // larger than the 1 MiB file system
            if (!mounted)
            {
                File.SetUnixFileMode(_tree.Target, UnixFileMode.UserRead | UnixFileMode.UserExecute); // no tmpfs: a read-only directory
            }

            var report = await _tree.SyncAsync();

            var failure = Assert.Single(report.Failures);
            Assert.Equal("data.bin", failure.Path);
            Assert.Contains(mounted ? "No space left on device" : "ermission denied", failure.Reason, StringComparison.Ordinal);
            Assert.Equal("version 1", File.ReadAllText(_tree.Dst("data.bin")));
            Assert.Equal(["data.bin"], Directory.EnumerateFileSystemEntries(_tree.Target).Select(Path.GetFileName));
        }
        finally
        {
            if (mounted)
            {
                SyncTestTree.Run("umount", _tree.Target);
            }
        }
    }

    [Fact]
    public async Task RunAsync_WhenFileChangesWhileCopied_KeepsThePreviousVersionAndCopiesItNextRun()
    {
        _tree.Write("busy.log", "line 1\n");
        _tree.Write("calm.txt", "calm");
        await _tree.SyncAsync();
        _tree.Write("busy.log", "line 1\nline 2\n");
        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access);
        var target = new DelegatingTarget(local, beforeWrite: path =>
        {
            // The writer appends after the engine opened the file and before the copy finished.
            File.AppendAllText(_tree.Src(path), "line 3\n");
            return Task.CompletedTask;
        });

        var report = await _tree.SyncAsync(target: target);
        var next = await _tree.SyncAsync();

        var failure = Assert.Single(report.Failures);
        Assert.Equal("busy.log", failure.Path);
        Assert.Contains("changed while it was being copied", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(1, next.FilesCopied);
        Assert.Equal("line 1\nline 2\nline 3\n", File.ReadAllText(_tree.Dst("busy.log")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Target, LocalDirectoryTarget.TempPrefix + "*"));
    }
}
