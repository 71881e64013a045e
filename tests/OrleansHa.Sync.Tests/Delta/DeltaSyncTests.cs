using System.Runtime.CompilerServices;
using OrleansHa.Sync.Delta;

namespace OrleansHa.Sync.Tests.Delta;

/// <summary>The engine's delta transfer over a local directory that offers it: what lands, what is counted, what a failure leaves.</summary>
public sealed class DeltaSyncTests : IDisposable
{
    private const int Size = 4 << 20;
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task SyncAsync_ModifiedLargeFile_BuildsItFromTheOldVersionAndCountsLiteralAndMatchedBytes()
    {
        var (first, changed) = await TwoVersionsAsync();
        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access);
        var target = new LocalDeltaTarget(local);

        var report = await _tree.SyncAsync(target: target);

        Assert.Empty(report.Failures);
        Assert.Equal(1, target.Deltas);
        Assert.Equal(changed, await File.ReadAllBytesAsync(_tree.Dst("data/big.bin")));
        Assert.Equal(0, first.LiteralBytes);
        Assert.InRange(report.LiteralBytes, 10_000, 10_000 + (2 * DeltaSignature.BlockSizeFor(Size)));
        Assert.Equal(Size, report.LiteralBytes + report.MatchedBytes);
        Assert.Equal(Size, report.BytesCopied); // still the bytes of file content written at the target
        Assert.Equal(File.GetLastWriteTimeUtc(_tree.Src("data/big.bin")), File.GetLastWriteTimeUtc(_tree.Dst("data/big.bin")));
    }

    [Fact]
    public async Task SyncAsync_WhenTheDeltaBuildThrows_KeepsTheOldVersionAndLeavesNoTemporaryFile()
    {
        await TwoVersionsAsync();
        var old = await File.ReadAllBytesAsync(_tree.Dst("data/big.bin"));
        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access);
        var target = new LocalDeltaTarget(local, content => DeltaContent.FromOps(content.Length, ThrowAfterFirst(content), () => content.ExpectedHash));

        var report = await _tree.SyncAsync(target: target);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("data/big.bin", failure.Path);
        Assert.Equal(old, await File.ReadAllBytesAsync(_tree.Dst("data/big.bin")));
        Assert.DoesNotContain(Directory.GetFiles(_tree.Dst("data")), f => Path.GetFileName(f).StartsWith(LocalDirectoryTarget.TempPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncAsync_WhenTheBuiltFileDoesNotMatchTheHash_CopiesTheWholeFile()
    {
        var (_, changed) = await TwoVersionsAsync();
        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access);
        var target = new LocalDeltaTarget(local, content => DeltaContent.FromOps(content.Length, content.ReadOpsAsync(CancellationToken.None), () => content.ExpectedHash + 1));

        var report = await _tree.SyncAsync(target: target);

        Assert.Empty(report.Failures);
        Assert.Equal(1, target.Deltas);
        Assert.Equal(changed, await File.ReadAllBytesAsync(_tree.Dst("data/big.bin")));
        Assert.Equal(0, report.MatchedBytes);
    }

    [Fact]
    public async Task SyncAsync_WhenTheFileIsBelowTheMinimum_CopiesItWhole()
    {
        await TwoVersionsAsync();
        using var local = new LocalDirectoryTarget(_tree.Target, _tree.Access);
        var target = new LocalDeltaTarget(local);

        var report = await _tree.SyncAsync(new SyncOptions { DeltaMinimumSize = Size + 1 }, target: target);

        Assert.Empty(report.Failures);
        Assert.Equal(0, target.Deltas);
        Assert.Equal(0, report.LiteralBytes);
        Assert.Equal(Size, report.BytesCopied);
    }

    /// <summary>Copies a 4 MiB file to the target in full, then changes 10,000 bytes in its middle at the source.</summary>
    private async Task<(SyncReport First, byte[] Changed)> TwoVersionsAsync()
    {
        Directory.CreateDirectory(_tree.Src("data"));
        var data = DeltaData.RandomBytes(new Random(11), Size);
        await File.WriteAllBytesAsync(_tree.Src("data/big.bin"), data);
        File.SetLastWriteTimeUtc(_tree.Src("data/big.bin"), new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var first = await _tree.SyncAsync();
        Assert.Empty(first.Failures);
        new Random(12).NextBytes(data.AsSpan(Size / 2, 10_000));
        await File.WriteAllBytesAsync(_tree.Src("data/big.bin"), data);
        return (first, data);
    }

    private static async IAsyncEnumerable<DeltaOp> ThrowAfterFirst(DeltaContent content, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var op in content.ReadOpsAsync(cancellationToken))
        {
            yield return op;
            throw new IOException("the link broke");
        }
    }
}
