using System.IO.Hashing;

namespace OrleansHa.Sync.Delta;

/// <summary>
/// The block signatures of the version of a file a target holds (the basis), or of a page of its blocks: per block of
/// <see cref="BlockSize"/> bytes (the last one may be shorter) rsync's rolling weak checksum and an XxHash128 of the
/// block. The sender looks for the basis's blocks in the new file with them and sends only what it does not find.
/// With the basis's length and modification time, so a target can tell whether the file it builds from is still the
/// one the signature describes.
/// </summary>
public sealed class DeltaSignature
{
    /// <summary>The smallest block size (rsync's): files up to 700² bytes use it.</summary>
    public const int MinimumBlockSize = 700;

    /// <summary>The largest block size (rsync's): 128 KiB, for files of 16 GiB and more.</summary>
    public const int MaximumBlockSize = 128 * 1024;

    private readonly uint[] _weak;
    private readonly UInt128[] _strong;

    /// <summary>Creates a signature (or a page of one) from its parts.</summary>
    /// <param name="length">The basis's length in bytes.</param>
    /// <param name="mtimeNanoseconds">The basis's modification time.</param>
    /// <param name="blockSize">The block size, <see cref="MinimumBlockSize"/> to <see cref="MaximumBlockSize"/>.</param>
    /// <param name="firstBlock">The index of the first block given (0 for a whole signature).</param>
    /// <param name="weak">The weak checksum of each block given.</param>
    /// <param name="strong">The strong hash of each block given.</param>
    public DeltaSignature(long length, long mtimeNanoseconds, int blockSize, long firstBlock, uint[] weak, UInt128[] strong)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, MinimumBlockSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, MaximumBlockSize);
        ArgumentNullException.ThrowIfNull(weak);
        ArgumentNullException.ThrowIfNull(strong);
        if (weak.Length != strong.Length || firstBlock < 0 || firstBlock + weak.Length > BlockCount(length, blockSize))
        {
            throw new ArgumentException(
                $"A signature of blocks {firstBlock}..{firstBlock + weak.Length} ({weak.Length} weak, {strong.Length} strong) does not fit a basis of {length} bytes in blocks of {blockSize}.");
        }

        Length = length;
        MtimeNanoseconds = mtimeNanoseconds;
        BlockSize = blockSize;
        FirstBlock = firstBlock;
        _weak = weak;
        _strong = strong;
    }

    /// <summary>The basis's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The basis's modification time as <see cref="FileTime.VersionStamp"/>: with the length, it tells whether the basis is still the version signed.</summary>
    public long MtimeNanoseconds { get; }

    /// <summary>The block size.</summary>
    public int BlockSize { get; }

    /// <summary>The index of the first block this holds (0 for a whole signature).</summary>
    public long FirstBlock { get; }

    /// <summary>How many blocks this holds.</summary>
    public int Count => _weak.Length;

    /// <summary>True when this holds every block of the basis.</summary>
    public bool IsComplete => FirstBlock == 0 && Count == BlockCount(Length, BlockSize);

    /// <summary>The weak checksums, from <see cref="FirstBlock"/> on.</summary>
    public ReadOnlySpan<uint> Weak => _weak;

    /// <summary>The strong hashes, from <see cref="FirstBlock"/> on.</summary>
    public ReadOnlySpan<UInt128> Strong => _strong;

    /// <summary>
    /// The block size for a basis of <paramref name="length"/> bytes, as rsync chooses it: about the square root of the
    /// length (so a signature's size and the work of matching grow with the square root too), rounded down to a
    /// multiple of 8, at least <see cref="MinimumBlockSize"/> and at most <see cref="MaximumBlockSize"/>.
    /// </summary>
    public static int BlockSizeFor(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= (long)MinimumBlockSize * MinimumBlockSize)
        {
            return MinimumBlockSize;
        }

        if (length >= (long)MaximumBlockSize * MaximumBlockSize)
        {
            return MaximumBlockSize;
        }

        var root = (long)Math.Sqrt(length);
        while (root * root > length)
        {
            root--;
        }

        while ((root + 1) * (root + 1) <= length)
        {
            root++;
        }

        return (int)Math.Clamp(root & ~7L, MinimumBlockSize, MaximumBlockSize);
    }

    /// <summary>How many blocks a basis of <paramref name="length"/> bytes has in blocks of <paramref name="blockSize"/>.</summary>
    public static long BlockCount(long length, int blockSize) => (length + blockSize - 1) / blockSize;

    /// <summary>The strong hash of a block.</summary>
    public static UInt128 StrongHash(ReadOnlySpan<byte> block) => XxHash128.HashToUInt128(block);

    /// <summary>The whole signature of data held in memory (tests, and small bases).</summary>
    public static DeltaSignature Compute(ReadOnlySpan<byte> basis, long mtimeNanoseconds = 0, int? blockSize = null)
    {
        var size = blockSize ?? BlockSizeFor(basis.Length);
        var count = (int)BlockCount(basis.Length, size);
        var weak = new uint[count];
        var strong = new UInt128[count];
        ComputeBlocks(basis, size, weak, strong);
        return new DeltaSignature(basis.Length, mtimeNanoseconds, size, 0, weak, strong);
    }

    /// <summary>The signature made of consecutive pages (each starting where the one before ended).</summary>
    public static DeltaSignature Concat(IReadOnlyList<DeltaSignature> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        if (pages.Count == 0)
        {
            throw new ArgumentException("A signature needs at least one page.", nameof(pages));
        }

        var first = pages[0];
        var weak = new uint[pages.Sum(p => p.Count)];
        var strong = new UInt128[weak.Length];
        var next = first.FirstBlock;
        var at = 0;
        foreach (var page in pages)
        {
            if (page.Length != first.Length || page.MtimeNanoseconds != first.MtimeNanoseconds || page.BlockSize != first.BlockSize || page.FirstBlock != next)
            {
                throw new ArgumentException($"Page at block {page.FirstBlock} does not continue the signature at block {next} of the same basis.", nameof(pages));
            }

            page.Weak.CopyTo(weak.AsSpan(at));
            page.Strong.CopyTo(strong.AsSpan(at));
            at += page.Count;
            next += page.Count;
        }

        return new DeltaSignature(first.Length, first.MtimeNanoseconds, first.BlockSize, first.FirstBlock, weak, strong);
    }

    /// <summary>Fills the checksums of consecutive blocks of <paramref name="data"/> (the last one may be short).</summary>
    internal static void ComputeBlocks(ReadOnlySpan<byte> data, int blockSize, Span<uint> weak, Span<UInt128> strong)
    {
        for (var i = 0; i < weak.Length; i++)
        {
            var block = data.Slice(i * blockSize, Math.Min(blockSize, data.Length - (i * blockSize)));
            weak[i] = RollingChecksum.Compute(block);
            strong[i] = StrongHash(block);
        }
    }
}
