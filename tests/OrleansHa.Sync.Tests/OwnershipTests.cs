namespace OrleansHa.Sync.Tests;

/// <summary>
/// Who owns what a run creates, and that a run never takes over what it did not create (issue 10 item 1). The process
/// runs as root here and acts for uid 65534, as the silo does for a user.
/// </summary>
public sealed class OwnershipTests : IDisposable
{
    private const int Nobody = 65534;
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task RunAsync_WhenOwnerMayNotWriteAnExistingRoot_ChangesNothingAndTheNextRunIsRefusedToo()
    {
        _tree.Write("mine.txt", "the owner's");
        SyncTestTree.Run("chown", "-R", $"{Nobody}:{Nobody}", _tree.Source);
        Directory.CreateDirectory(_tree.Target); // root's, mode 755: not the owner's to write in
        File.WriteAllText(_tree.Dst("other.txt"), "someone else's");
        var before = Owner(_tree.Target) + "|" + Directory.GetLastWriteTimeUtc(_tree.Target).Ticks;
        Assert.StartsWith("0:0:755|", before, StringComparison.Ordinal);
        _tree.Access = new AccessScope([_tree.Root], Uid: Nobody, Gid: Nobody);

        var first = await _tree.SyncAsync(new SyncOptions(MirrorDeletes: true));
        var second = await _tree.SyncAsync(new SyncOptions(MirrorDeletes: true));

        Assert.Equal(before, Owner(_tree.Target) + "|" + Directory.GetLastWriteTimeUtc(_tree.Target).Ticks);
        Assert.All([first, second], r => Assert.Equal((0, 0), (r.FilesCopied, r.FilesDeleted)));
        Assert.Contains(second.Failures, f => f.Path == "mine.txt" && f.Reason.Contains("may not write", StringComparison.Ordinal));
        Assert.Equal("someone else's", File.ReadAllText(_tree.Dst("other.txt")));
    }

    [Fact]
    public async Task RunAsync_WhenTheRootIsMissing_CreatesItForTheOwnerAndCopies()
    {
        _tree.Write("mine.txt", "the owner's");
        SyncTestTree.Run("chown", "-R", $"{Nobody}:{Nobody}", _tree.Root);
        _tree.Access = new AccessScope([_tree.Root], Uid: Nobody, Gid: Nobody);

        var report = await _tree.SyncAsync();

        Assert.Empty(report.Failures);
        Assert.Equal(1, report.FilesCopied);
        Assert.StartsWith($"{Nobody}:{Nobody}:", Owner(_tree.Target), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WhenParentsAreMissing_CreatesEachForTheOwner()
    {
        SyncTestTree.Run("chown", $"{Nobody}:{Nobody}", _tree.Root);
        var root = Path.Combine(_tree.Root, "a", "b", "c");

        using var target = new LocalDirectoryTarget(root, new AccessScope([_tree.Root], Uid: Nobody, Gid: Nobody));

        Assert.All(new[] { "a", "a/b", "a/b/c" }, p => Assert.StartsWith($"{Nobody}:{Nobody}:", Owner(Path.Combine(_tree.Root, p)), StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_WhenOwnerMayNotWriteTheParent_RefusesAndCreatesNothing()
    {
        var root = Path.Combine(_tree.Root, "a", "b");

        var error = Assert.Throws<SyncAccessDeniedException>(() => new LocalDirectoryTarget(root, new AccessScope([_tree.Root], Uid: Nobody, Gid: Nobody)));

        Assert.Contains($"uid {Nobody} may not write", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_tree.Root, "a")));
    }

    [Fact]
    public async Task RunAsync_WhenADirectoryExistedBeforeTheRun_KeepsItsOwner()
    {
        _tree.Write("sub/file.txt", "root's");
        Directory.CreateDirectory(_tree.Dst("sub"));
        SyncTestTree.Run("chown", $"{Nobody}:{Nobody}", _tree.Dst("sub"));
        Directory.SetLastWriteTimeUtc(_tree.Src("sub"), new DateTime(2021, 5, 1, 0, 0, 0, DateTimeKind.Utc));

        var report = await _tree.SyncAsync(); // as root, preserving metadata: new entries take the source's owner

        Assert.Empty(report.Failures);
        Assert.StartsWith("0:0:", Owner(_tree.Dst("sub/file.txt")), StringComparison.Ordinal);
        Assert.StartsWith($"{Nobody}:{Nobody}:", Owner(_tree.Dst("sub")), StringComparison.Ordinal);
        Assert.Equal(new DateTime(2021, 5, 1, 0, 0, 0, DateTimeKind.Utc), Directory.GetLastWriteTimeUtc(_tree.Dst("sub")));
    }

    [Fact]
    public async Task RunAsync_WhenActingForAUserOnASourceOthersOwn_GivesEverythingToTheUserAndLaterRunsLand()
    {
        // The source root and a subdirectory are root's, another subdirectory is uid 1000's; the user may read them all.
        _tree.Write("top.txt", "v1");
        _tree.Write("roots/inner.txt", "v1");
        _tree.Write("theirs/inner.txt", "v1");
        SyncTestTree.Run("chown", "-R", "1000:1000", _tree.Src("theirs"));
        SyncTestTree.Run("chown", $"{Nobody}:{Nobody}", _tree.Root);
        _tree.Access = new AccessScope([_tree.Root], Uid: Nobody, Gid: Nobody);

        var first = await _tree.SyncAsync();
        _tree.Write("top.txt", "v2, longer");
        _tree.Write("roots/inner.txt", "v2, longer");
        _tree.Write("roots/new.txt", "new");
        _tree.Write("theirs/inner.txt", "v2, longer");
        _tree.Write("theirs/deeper/new.txt", "new");
        SyncTestTree.Run("chown", "-R", "1000:1000", _tree.Src("theirs"));
        var second = await _tree.SyncAsync();

        Assert.Empty(first.Failures);
        Assert.Empty(second.Failures);
        Assert.Equal(5, second.FilesCopied);
        Assert.Equal(SyncTestTree.Snapshot(_tree.Source), SyncTestTree.Snapshot(_tree.Target));
        Assert.All(
            new[] { string.Empty, "top.txt", "roots", "roots/inner.txt", "roots/new.txt", "theirs", "theirs/inner.txt", "theirs/deeper", "theirs/deeper/new.txt" },
            p => Assert.StartsWith($"{Nobody}:{Nobody}:", Owner(_tree.Dst(p)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WhenActingForAUserInTheSourcesGroup_KeepsThatGroup()
    {
        _tree.Write("shared/file.txt", "shared");
        _tree.Write("other/file.txt", "other");
        SyncTestTree.Run("chown", "-R", "1000:4321", _tree.Src("shared"));
        SyncTestTree.Run("chown", "-R", "1000:1000", _tree.Src("other"));
        SyncTestTree.Run("chown", $"{Nobody}:{Nobody}", _tree.Root);
        _tree.Access = new AccessScope([_tree.Root], Uid: Nobody, Gid: Nobody, SupplementaryGids: [4321]);

        var report = await _tree.SyncAsync();

        Assert.Empty(report.Failures);
        Assert.StartsWith($"{Nobody}:4321:", Owner(_tree.Dst("shared")), StringComparison.Ordinal);
        Assert.StartsWith($"{Nobody}:4321:", Owner(_tree.Dst("shared/file.txt")), StringComparison.Ordinal);
        Assert.StartsWith($"{Nobody}:{Nobody}:", Owner(_tree.Dst("other/file.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateArea_WhenMissing_CreatesItForTheOwner_AndWhenPresent_LeavesItAsItIs()
    {
        var area = Path.Combine(_tree.Outside, "alice");
        var owner = new AccessScope([area], Uid: Nobody, Gid: Nobody);

        Assert.True(LocalDirectoryTarget.CreateArea(area, owner));
        Assert.StartsWith($"{Nobody}:{Nobody}:", Owner(area), StringComparison.Ordinal);

        SyncTestTree.Run("chown", "0:0", area);
        Assert.False(LocalDirectoryTarget.CreateArea(area, owner));
        Assert.StartsWith("0:0:", Owner(area), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateArea_WhenASymbolicLinkIsThere_Refuses()
    {
        var area = Path.Combine(_tree.Outside, "alice");
        File.CreateSymbolicLink(area, _tree.Root);

        var error = Assert.Throws<IOException>(() => LocalDirectoryTarget.CreateArea(area, new AccessScope([area])));

        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
    }

    private static string Owner(string path) => SyncTestTree.Run("stat", "-c", "%u:%g:%a", path).Trim();
}
