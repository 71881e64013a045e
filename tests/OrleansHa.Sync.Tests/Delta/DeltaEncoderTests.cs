using CsCheck;
using OrleansHa.Sync.Delta;

namespace OrleansHa.Sync.Tests.Delta;

/// <summary>The rsync algorithm on data in memory: whatever the files and edits, the built file equals the new one.</summary>
public sealed class DeltaEncoderTests
{
    [Fact]
    public void Sample_RandomFilesAndEdits_BuildTheNewFileWithFewLiteralBytes()
    {
        Gen.Select(Gen.Int[0, 60_000], Gen.Int[0, 5], Gen.Int, Gen.Int[1, 3000]).Sample((length, edits, seed, maxEdit) =>
        {
            var random = new Random(seed);
            var basis = DeltaData.RandomBytes(random, length);
            var (fresh, touched) = DeltaData.Edit(random, basis, edits, maxEdit);

            var (built, encoder, _) = DeltaData.RoundTripAsync(basis, DeltaData.Chunked(random, fresh)).GetAwaiter().GetResult();

            Assert.Equal(fresh, built);
            // Each edit breaks at most the block it falls in and the one it runs into; the basis's short tail block
            // matches only at the very end.
            var blockSize = DeltaSignature.BlockSizeFor(length);
            Assert.True(encoder.LiteralBytes <= touched + (edits * 2L * blockSize) + blockSize, $"{encoder.LiteralBytes} literal bytes for {edits} edits of {touched} bytes in blocks of {blockSize}");
            Assert.Equal(fresh.Length, encoder.LiteralBytes + encoder.MatchedBytes);
        }, iter: 300);
    }

    [Fact]
    public void Sample_FewByteValues_ManyEqualBlocksAndWeakCollisions_BuildTheNewFile()
    {
        Gen.Select(Gen.Int[0, 40_000], Gen.Int[0, 6], Gen.Int, Gen.Int[1, 4]).Sample((length, edits, seed, alphabet) =>
        {
            var random = new Random(seed);
            var basis = DeltaData.RandomBytes(random, length, alphabet);
            var (fresh, _) = DeltaData.Edit(random, basis, edits, 2000, alphabet);

            var (built, _, _) = DeltaData.RoundTripAsync(basis, DeltaData.Chunked(random, fresh)).GetAwaiter().GetResult();

            Assert.Equal(fresh, built);
        }, iter: 200);
    }

    [Fact]
    public async Task ReadOpsAsync_WhenBasisIsEmpty_SendsEverythingAsLiterals()
    {
        var fresh = DeltaData.RandomBytes(new Random(1), 600_000);

        var (built, encoder, _) = await DeltaData.RoundTripAsync([], DeltaData.Chunked(new Random(2), fresh));

        Assert.Equal(fresh, built);
        Assert.Equal(fresh.Length, encoder.LiteralBytes);
        Assert.Equal(0, encoder.MatchedBytes);
    }

    [Fact]
    public async Task ReadOpsAsync_WhenNewFileIsShorterThanABlock_BuildsIt()
    {
        var basis = DeltaData.RandomBytes(new Random(3), 5000);
        var fresh = basis[..300];

        var (built, encoder, _) = await DeltaData.RoundTripAsync(basis, DeltaData.Chunked(new Random(4), fresh));

        Assert.Equal(fresh, built);
        Assert.Equal(300, encoder.LiteralBytes);
    }

    [Fact]
    public async Task ReadOpsAsync_WhenBothAreShorterThanABlockAndEqual_CopiesTheShortBlock()
    {
        var basis = DeltaData.RandomBytes(new Random(5), 500);

        var (built, encoder, ops) = await DeltaData.RoundTripAsync(basis, SyncFileContent.FromStream(new MemoryStream(basis), basis.Length));

        Assert.Equal(basis, built);
        Assert.Equal(0, encoder.LiteralBytes);
        Assert.Equal(1, ops);
    }

    [Fact]
    public async Task ReadOpsAsync_WhenNewFileIsEmpty_GivesNoOps()
    {
        var (built, encoder, ops) = await DeltaData.RoundTripAsync(DeltaData.RandomBytes(new Random(6), 9000), SyncFileContent.FromStream(new MemoryStream(), 0));

        Assert.Empty(built);
        Assert.Equal(0, ops);
        Assert.Equal(0, encoder.LiteralBytes);
    }

    [Fact]
    public async Task ReadOpsAsync_OneKibChangedInTheMiddleOfEightMib_SendsAboutABlockAndMergesTheCopies()
    {
        var basis = DeltaData.RandomBytes(new Random(7), 8 << 20);
        var fresh = (byte[])basis.Clone();
        new Random(8).NextBytes(fresh.AsSpan(4 << 20, 1024));
        var blockSize = DeltaSignature.BlockSizeFor(basis.Length);

        var (built, encoder, ops) = await DeltaData.RoundTripAsync(basis, SyncFileContent.FromStream(new MemoryStream(fresh), fresh.Length));

        Assert.Equal(fresh, built);
        Assert.InRange(encoder.LiteralBytes, 1024, 2 * blockSize);
        Assert.Equal(3, ops); // copy, literal, copy
    }

    [Fact]
    public void Roll_AnyWindow_EqualsTheChecksumComputedAfresh()
    {
        Gen.Select(Gen.Byte.Array[1, 3000], Gen.Int[1, 1000]).Sample((data, window) =>
        {
            window = Math.Min(window, data.Length);
            var rolling = RollingChecksum.Of(data.AsSpan(0, window));
            for (var i = 0; i + window < data.Length; i++)
            {
                rolling.Roll(data[i], data[i + window]);
                Assert.Equal(RollingChecksum.Compute(data.AsSpan(i + 1, window)), rolling.Value);
            }
        }, iter: 200);
    }

    [Fact]
    public void Compute_AnyWindow_EqualsRsyncsDefinition()
    {
        Gen.Byte.Array[0, 5000].Sample(data =>
        {
            uint s1 = 0, s2 = 0;
            for (var i = 0; i < data.Length; i++)
            {
                s1 += data[i];
                s2 += (uint)(data.Length - i) * data[i];
            }

            Assert.Equal((s1 & 0xffff) | (s2 << 16), RollingChecksum.Compute(data));
        }, iter: 300);
    }

    [Theory]
    [InlineData(0, 700)]
    [InlineData(490_000, 700)]
    [InlineData(1L << 20, 1024)]
    [InlineData(1L << 30, 32768)]
    [InlineData(10_000_000, 3160)]
    [InlineData(1L << 34, 131072)]
    [InlineData(1L << 40, 131072)]
    public void BlockSizeFor_GivesRsyncsSquareRootRoundedToEight(long length, int expected)
        => Assert.Equal(expected, DeltaSignature.BlockSizeFor(length));
}
