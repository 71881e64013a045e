using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OrleansHa.Sync.Delta;

/// <summary>
/// rsync's weak block checksum (<c>get_checksum1</c> with no character offset): s1 is the sum of the window's bytes,
/// s2 the sum of the running s1 (each byte weighted by its distance from the window's end), both modulo 2^32; the
/// checksum is the low 16 bits of each. Moving the window by one byte costs three additions, which is what lets the
/// sender look for a block of the basis at every byte offset of the new file.
/// </summary>
internal struct RollingChecksum
{
    private readonly uint _length;
    private uint _s1;
    private uint _s2;

    private RollingChecksum(uint length, uint s1, uint s2)
    {
        _length = length;
        _s1 = s1;
        _s2 = s2;
    }

    /// <summary>The checksum of the window as the signature stores it.</summary>
    public readonly uint Value => (_s1 & 0xffff) | (_s2 << 16);

    /// <summary>The checksum of a whole window.</summary>
    public static RollingChecksum Of(ReadOnlySpan<byte> window)
    {
        uint s1 = 0, s2 = 0;
        var i = 0;
        if (Avx2.IsSupported && window.Length >= 64)
        {
            // 32 bytes at a time, as Adler-32 is vectorized: per chunk s2 gains 32·s1 (the bytes before it) plus the
            // chunk's bytes weighted 32 down to 1, and s1 the chunk's sum. Lanes wrap modulo 2^32, as the sums do.
            var weights = Vector256.Create((sbyte)32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
            var ones = Vector256.Create((short)1);
            Vector256<int> sums = default, before = default, weighted = default;
            ref var start = ref MemoryMarshal.GetReference(window);
            for (; i + 32 <= window.Length; i += 32)
            {
                var bytes = Vector256.LoadUnsafe(ref start, (nuint)i);
                before += sums;
                sums += Avx2.SumAbsoluteDifferences(bytes, Vector256<byte>.Zero).AsInt32();
                weighted += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(bytes, weights), ones);
            }

            s1 = (uint)Vector256.Sum(sums);
            s2 = (32 * (uint)Vector256.Sum(before)) + (uint)Vector256.Sum(weighted);
        }

        for (; i + 4 <= window.Length; i += 4)
        {
            // Four bytes at a time, as rsync does: s2 gains 4·s1 plus the new bytes weighted 4, 3, 2, 1.
            uint b0 = window[i], b1 = window[i + 1], b2 = window[i + 2], b3 = window[i + 3];
            s2 += (4 * (s1 + b0)) + (3 * b1) + (2 * b2) + b3;
            s1 += b0 + b1 + b2 + b3;
        }

        for (; i < window.Length; i++)
        {
            s1 += window[i];
            s2 += s1;
        }

        return new RollingChecksum((uint)window.Length, s1, s2);
    }

    /// <summary>The checksum value of a whole window.</summary>
    public static uint Compute(ReadOnlySpan<byte> window) => Of(window).Value;

    /// <summary>Moves the window one byte on: <paramref name="leaving"/> was its first byte, <paramref name="entering"/> follows its last.</summary>
    public void Roll(byte leaving, byte entering)
    {
        _s1 += (uint)entering - leaving;
        _s2 += _s1 - (_length * leaving);
    }
}
