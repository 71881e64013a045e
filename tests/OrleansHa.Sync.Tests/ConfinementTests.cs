using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansHa.Sync.Tests;

/// <summary>Hostile trees, patterns and destinations: nothing is read or written outside the owner's roots.</summary>
public sealed class ConfinementTests : IDisposable
{
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task RunAsync_WhenSourceHoldsLinkToEtc_CopiesTheLinkAndNothingBehindIt()
    {
        _tree.Write("a.txt", "a");
        Directory.CreateSymbolicLink(_tree.Src("etc"), "/etc");

        var report = await _tree.SyncAsync(include: ["a.txt", "etc", "etc/passwd", "etc/**"]);

        Assert.Empty(report.Failures);
        Assert.Equal("/etc", new DirectoryInfo(_tree.Dst("etc")).LinkTarget);
        Assert.Equal(2, report.FilesCopied);
        Assert.Equal(2, Directory.EnumerateFileSystemEntries(_tree.Target, "*", SearchOption.TopDirectoryOnly).Count());
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../outside/**")]
    [InlineData("docs/../../etc/passwd")]
    [InlineData("./a")]
    public async Task RunAsync_WhenPatternClimbsOut_RefusesTheRequest(string pattern)
    {
        _tree.Write("a.txt", "a");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _tree.SyncAsync(include: [pattern]));

        Assert.Contains(pattern, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_tree.ManifestPath));
    }

    [Fact]
    public async Task RunAsync_WhenSourceRootIsLinkOutOfRoots_RefusesTheRequest()
    {
        File.WriteAllText(Path.Combine(_tree.Outside, "secret.txt"), "secret");
        Directory.CreateSymbolicLink(Path.Combine(_tree.Root, "sneaky"), _tree.Outside);
        using var target = new LocalDirectoryTarget(_tree.Target, _tree.Access);
        var engine = new SyncEngine(NullLogger<SyncEngine>.Instance, TimeProvider.System);
        var spec = new FileSetSpec(Path.Combine(_tree.Root, "sneaky"), [], [], new SyncOptions());

        var error = await Assert.ThrowsAsync<SyncAccessDeniedException>(() => engine.RunAsync(new SyncRequest(spec, target, _tree.Access, _tree.ManifestPath), null, CancellationToken.None));

        Assert.Contains("outside the owner's roots", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Target));
    }

    [Fact]
    public void LocalDirectoryTarget_WhenRootIsLinkOutOfRoots_Refuses()
    {
        Directory.CreateSymbolicLink(Path.Combine(_tree.Root, "dst-link"), _tree.Outside);

        Assert.Throws<SyncAccessDeniedException>(() => new LocalDirectoryTarget(Path.Combine(_tree.Root, "dst-link"), _tree.Access));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/etc/escape.txt")]
    [InlineData("a//escape.txt")]
    public async Task LocalDirectoryTarget_WhenPathEscapesRoot_RefusesAndWritesNothing(string path)
    {
        using var target = new LocalDirectoryTarget(_tree.Target, _tree.Access);
        var content = SyncFileContent.FromStream(new MemoryStream("x"u8.ToArray()), 1);

        await Assert.ThrowsAsync<SyncAccessDeniedException>(() => target.WriteFileAsync(path, new EntryMetadata(420, 0, 0, 0), content, CancellationToken.None));

        Assert.False(File.Exists(Path.Combine(_tree.Root, "escape.txt")));
        Assert.False(File.Exists("/etc/escape.txt"));
    }

    [Fact]
    public async Task RunAsync_WhenTargetDirectoryReplacedByLinkOut_WritesNothingOutside()
    {
        _tree.Write("sub/file.txt", "v1");
        await _tree.SyncAsync();
        Directory.Delete(_tree.Dst("sub"), recursive: true);
        Directory.CreateSymbolicLink(_tree.Dst("sub"), _tree.Outside); // someone at the destination plants a link
        _tree.Write("sub/file.txt", "v2, longer");

        var report = await _tree.SyncAsync();

        Assert.Contains(report.Failures, f => f.Path == "sub/file.txt" && f.Reason.Contains("symbolic link", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Outside));
    }

    [Fact]
    public async Task RunAsync_WhenTargetHasLinkInPlaceOfDirectoryOnFirstRun_ReplacesTheLinkNotFollowingIt()
    {
        _tree.Write("sub/file.txt", "v1");
        Directory.CreateDirectory(_tree.Target);
        Directory.CreateSymbolicLink(_tree.Dst("sub"), _tree.Outside);

        var report = await _tree.SyncAsync();

        Assert.Empty(report.Failures);
        Assert.Null(new DirectoryInfo(_tree.Dst("sub")).LinkTarget);
        Assert.Equal("v1", File.ReadAllText(_tree.Dst("sub/file.txt")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Outside));
    }

    [Fact]
    public async Task RunAsync_WhenTargetInsideSource_RefusesTheRequest()
    {
        _tree.Write("a.txt", "a");
        using var target = new LocalDirectoryTarget(_tree.Src("backup"), _tree.Access);
        var engine = new SyncEngine(NullLogger<SyncEngine>.Instance, TimeProvider.System);
        var spec = new FileSetSpec(_tree.Source, [], [], new SyncOptions());

        await Assert.ThrowsAsync<ArgumentException>(() => engine.RunAsync(new SyncRequest(spec, target, _tree.Access, _tree.ManifestPath), null, CancellationToken.None));
    }
}
