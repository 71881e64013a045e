using System.IO.Hashing;
using OrleansHa.Sync.Delta;

namespace OrleansHa.Sync.Tests.Delta;

/// <summary>Files, edits and an in-memory delta applier for the algorithm's tests.</summary>
internal static class DeltaData
{
    /// <summary>Random bytes; a small alphabet gives many equal weak checksums (and equal blocks).</summary>
    public static byte[] RandomBytes(Random random, int length, int alphabet = 256)
    {
        var data = new byte[length];
        if (alphabet >= 256)
        {
            random.NextBytes(data);
        }
        else
        {
            for (var i = 0; i < length; i++)
            {
                data[i] = (byte)random.Next(alphabet);
            }
        }

        return data;
    }

    /// <summary>Applies <paramref name="edits"/> random edits (insertions, deletions, changes, anywhere); returns the new data and how many bytes they touched.</summary>
    public static (byte[] Data, long Touched) Edit(Random random, byte[] basis, int edits, int maxLength, int alphabet = 256)
    {
        var data = new List<byte>(basis);
        long touched = 0;
        for (var e = 0; e < edits; e++)
        {
            // Start, end and anywhere between, equally often.
            var where = random.Next(3) switch
            {
                0 => 0,
                1 => data.Count,
                _ => random.Next(data.Count + 1),
            };
            var length = random.Next(1, maxLength + 1);
            switch (random.Next(3))
            {
                case 0:
                    data.InsertRange(where, RandomBytes(random, length, alphabet));
                    break;
                case 1:
                    length = Math.Min(length, data.Count - where);
                    data.RemoveRange(where, length);
                    break;
                default:
                    length = Math.Min(length, data.Count - where);
                    var fresh = RandomBytes(random, length, alphabet);
                    for (var i = 0; i < length; i++)
                    {
                        data[where + i] = fresh[i];
                    }

                    break;
            }

            touched += length;
        }

        return ([.. data], touched);
    }

    /// <summary>The data as chunks of random sizes; runs of zeros are sometimes left out (holes), as a sparse source gives them.</summary>
    public static SyncFileContent Chunked(Random random, byte[] data)
    {
        var chunks = new List<FileChunk>();
        for (var offset = 0; offset < data.Length;)
        {
            var length = Math.Min(data.Length - offset, random.Next(1, 70_000));
            var piece = data.AsMemory(offset, length);
            if (!(piece.Span.IndexOfAnyExcept((byte)0) < 0 && random.Next(2) == 0))
            {
                chunks.Add(new FileChunk(offset, piece));
            }

            offset += length;
        }

        return SyncFileContent.FromChunks(data.Length, ToAsync(chunks));
    }

    /// <summary>Encodes <paramref name="data"/> against <paramref name="basis"/> and builds the result from the ops, checking their shape.</summary>
    public static async Task<(byte[] Built, DeltaEncoder Encoder, int Ops)> RoundTripAsync(byte[] basis, SyncFileContent data)
    {
        var encoder = new DeltaEncoder(data, DeltaSignature.Compute(basis));
        var built = new byte[data.Length];
        long position = 0;
        var ops = 0;
        await foreach (var op in encoder.ReadOpsAsync(CancellationToken.None))
        {
            Assert.Equal(position, op.TargetOffset);
            if (op.IsCopy)
            {
                basis.AsSpan((int)op.BasisOffset, (int)op.Length).CopyTo(built.AsSpan((int)op.TargetOffset));
            }
            else
            {
                Assert.Equal(op.Length, op.Data.Length);
                op.Data.Span.CopyTo(built.AsSpan((int)op.TargetOffset));
            }

            position += op.Length;
            ops++;
        }

        Assert.Equal(data.Length, position);
        Assert.Equal(XxHash128.HashToUInt128(built), encoder.ExpectedHash);
        return (built, encoder, ops);
    }

    private static async IAsyncEnumerable<FileChunk> ToAsync(List<FileChunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            await Task.Yield();
            yield return chunk;
        }
    }
}
