namespace OrleansHa.Sync.Tests;

/// <summary>The delete guard (issue 11 item 3): a run that would delete most or all of the destination stops after planning.</summary>
public sealed class DeleteGuardTests : IDisposable
{
    private static readonly SyncOptions Mirror = new(MirrorDeletes: true);
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task RunAsync_WhenTheSourceWasEmptied_RefusesAndLeavesTargetAndManifestAsTheyWere()
    {
        WriteFiles("sub", 5);
        _tree.Write("top.txt", "top");
        await _tree.SyncAsync(Mirror);
        var target = SyncTestTree.Snapshot(_tree.Target);
        var manifest = File.ReadAllBytes(_tree.ManifestPath);
        Directory.Delete(_tree.Source, recursive: true);
        Directory.CreateDirectory(_tree.Source); // an empty (or unmounted) source

        var first = await Assert.ThrowsAsync<MassDeleteRefusedException>(() => _tree.SyncAsync(Mirror));
        var second = await Assert.ThrowsAsync<MassDeleteRefusedException>(() => _tree.SyncAsync(Mirror));

        Assert.All([first, second], e => Assert.Equal((6, 6), (e.WouldDelete, e.DestinationFiles)));
        Assert.Contains("6 of the destination's 6", first.Message, StringComparison.Ordinal);
        Assert.Contains("check the source", first.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-mass-delete", first.Message, StringComparison.Ordinal);
        Assert.Equal(target, SyncTestTree.Snapshot(_tree.Target));
        Assert.Equal(manifest, File.ReadAllBytes(_tree.ManifestPath));
        Assert.False(File.Exists(_tree.ManifestPath + ".running"));
    }

    [Fact]
    public async Task RunAsync_WhenAllOfThreeFilesWouldGo_Refuses()
    {
        WriteFiles("d", 3);
        await _tree.SyncAsync(Mirror);
        Directory.Delete(_tree.Src("d"), recursive: true);

        var refused = await Assert.ThrowsAsync<MassDeleteRefusedException>(() => _tree.SyncAsync(Mirror));

        Assert.Equal((3, 3), (refused.WouldDelete, refused.DestinationFiles));
        Assert.Equal(3, Directory.GetFiles(_tree.Dst("d")).Length);
    }

    [Fact]
    public async Task RunAsync_WhenAllowMassDelete_LetsTheRunThrough()
    {
        WriteFiles("d", 3);
        await _tree.SyncAsync(Mirror);
        Directory.Delete(_tree.Src("d"), recursive: true);

        var report = await RunAsync(Mirror, allowMassDelete: true);
        var next = await _tree.SyncAsync(Mirror);

        Assert.Equal(1, report.FilesDeleted);
        Assert.False(Directory.Exists(_tree.Dst("d")));
        Assert.Equal(0, next.FilesDeleted);
    }

    [Fact]
    public async Task RunAsync_When40PercentWouldGo_Deletes()
    {
        WriteFiles("keep", 60);
        WriteFiles("gone", 40);
        var options = Mirror with { MassDeleteMinimum = 0 };
        await _tree.SyncAsync(options);
        Directory.Delete(_tree.Src("gone"), recursive: true);

        var report = await _tree.SyncAsync(options);

        Assert.Empty(report.Failures);
        Assert.False(Directory.Exists(_tree.Dst("gone")));
    }

    [Fact]
    public async Task RunAsync_When60PercentOf2000WouldGo_Refuses()
    {
        WriteFiles("keep", 800);
        WriteFiles("gone", 1200);
        await _tree.SyncAsync(Mirror);
        Directory.Delete(_tree.Src("gone"), recursive: true);

        var refused = await Assert.ThrowsAsync<MassDeleteRefusedException>(() => _tree.SyncAsync(Mirror));

        Assert.Equal((1200, 2000), (refused.WouldDelete, refused.DestinationFiles));
        Assert.Contains("50%", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1200, Directory.GetFiles(_tree.Dst("gone")).Length);
    }

    [Fact]
    public async Task RunAsync_When60PercentOf100WouldGo_DeletesBelowTheMinimum()
    {
        WriteFiles("keep", 40);
        WriteFiles("gone", 60);
        await _tree.SyncAsync(Mirror);
        Directory.Delete(_tree.Src("gone"), recursive: true);

        var report = await _tree.SyncAsync(Mirror);

        Assert.Empty(report.Failures);
        Assert.False(Directory.Exists(_tree.Dst("gone")));
        Assert.Equal(40, Directory.GetFiles(_tree.Dst("keep")).Length);
    }

    [Theory]
    [InlineData(0.0, 1000L, "share 0")]
    [InlineData(1.5, 1000L, "share 1.5")]
    [InlineData(double.NaN, 1000L, "share NaN")]
    [InlineData(0.5, -1L, "minimum -1")]
    public async Task RunAsync_WhenTheGuardsOptionsAreOutOfRange_RefusesTheRequest(double share, long minimum, string named)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _tree.SyncAsync(Mirror with { MassDeleteShare = share, MassDeleteMinimum = minimum }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed", error.Message, StringComparison.Ordinal);
    }

    private void WriteFiles(string directory, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _tree.Write($"{directory}/f{i:D4}.txt", $"file {i}");
        }
    }

    private async Task<SyncReport> RunAsync(SyncOptions options, bool allowMassDelete)
    {
        using var target = new LocalDirectoryTarget(_tree.Target, _tree.Access);
        var engine = new SyncEngine(Microsoft.Extensions.Logging.Abstractions.NullLogger<SyncEngine>.Instance, TimeProvider.System);
        var spec = new FileSetSpec(_tree.Source, [], [], options);
        return await engine.RunAsync(new SyncRequest(spec, target, _tree.Access, _tree.ManifestPath) { AllowMassDelete = allowMassDelete }, null, default);
    }
}
