namespace OrleansHa.Sync.Tests;

/// <summary>Temporary files are recognised by a tag only the service's key computes, never by their prefix alone.</summary>
public sealed class TemporaryNameTests : IDisposable
{
    private const string OldStyle = LocalDirectoryTarget.TempPrefix + "0123456789abcdef";
    private const string NewStyleBadTag = LocalDirectoryTarget.TempPrefix + "0123456789abcdef-0123456789abcdef";
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_WhenAUsersFileIsNamedLikeOurTemporaryFiles_CopiesItAndKeepsItThroughRecovery(bool mirror)
    {
        _tree.Write(OldStyle, "the user's own");
        _tree.Write("sub/" + NewStyleBadTag, "also the user's");
        _tree.Write("plain.txt", "plain");
        var options = new SyncOptions(MirrorDeletes: mirror);

        var first = await _tree.SyncAsync(options);
        File.WriteAllBytes(_tree.ManifestPath + ".running", []); // as a killed run leaves it
        var recovered = await _tree.SyncAsync(options);
        File.Delete(_tree.ManifestPath); // and a run that compares with the target's listing instead
        var listed = await _tree.SyncAsync(options);

        Assert.Equal(3, first.FilesCopied);
        Assert.True(recovered.RecoveredInterruptedRun);
        Assert.All([first, recovered, listed], r => Assert.Empty(r.Failures));
        Assert.Equal(0, listed.FilesCopied); // the listing shows them: they are the user's, not hidden as ours
        Assert.Equal("the user's own", File.ReadAllText(_tree.Dst(OldStyle)));
        Assert.Equal("also the user's", File.ReadAllText(_tree.Dst("sub/" + NewStyleBadTag)));
        Assert.Equal(SyncTestTree.Snapshot(_tree.Source), SyncTestTree.Snapshot(_tree.Target));
    }

    [Fact]
    public async Task RemoveLeftoversAsync_RemovesOnlyNamesWhoseTagVerifiesUnderTheKey()
    {
        var names = TemporaryNames.LoadOrCreate(Path.Combine(_tree.Base, "state", "temporary-names.key"));
        var other = TemporaryNames.LoadOrCreate(Path.Combine(_tree.Base, "other", "temporary-names.key"));
        Directory.CreateDirectory(_tree.Dst("sub"));
        var ours = TemporaryNames.Name(names.NewInstance(), 7);
        var theirs = TemporaryNames.Name(other.NewInstance(), 7);
        File.WriteAllText(_tree.Dst("sub/" + ours), "half a fi");
        File.WriteAllText(_tree.Dst("sub/" + theirs), "not ours");
        File.WriteAllText(_tree.Dst(OldStyle), "not ours either");
        using var target = new LocalDirectoryTarget(_tree.Target, _tree.Access, temporaryNames: names);

        var removed = await target.RemoveLeftoversAsync(default);

        Assert.Equal(1, removed);
        Assert.False(File.Exists(_tree.Dst("sub/" + ours)));
        Assert.True(File.Exists(_tree.Dst("sub/" + theirs)));
        Assert.True(File.Exists(_tree.Dst(OldStyle)));
    }

    [Fact]
    public void LoadOrCreate_CreatesAnOwnerOnlyKeyOnce_AndLoadsTheSameKeyAfter()
    {
        var path = Path.Combine(_tree.Base, "data", "temporary-names.key");

        var created = TemporaryNames.LoadOrCreate(path);
        var loaded = TemporaryNames.LoadOrCreate(path);

        Assert.Equal(32, new FileInfo(path).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        var name = TemporaryNames.Name(created.NewInstance(), 1);
        Assert.True(loaded.IsOurs(name));
        Assert.False(TemporaryNames.ForProcess.IsOurs(name));
        Assert.False(loaded.IsOurs(name[..^1] + (name[^1] == '0' ? '1' : '0')));
    }

    [Fact]
    public void LoadOrCreate_WhenOthersMayReadTheKey_Refuses()
    {
        var path = Path.Combine(_tree.Base, "data", "temporary-names.key");
        _ = TemporaryNames.LoadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<InvalidDataException>(() => TemporaryNames.LoadOrCreate(path));

        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }
}
