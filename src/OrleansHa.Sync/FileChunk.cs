namespace OrleansHa.Sync;

/// <summary>A run of file content at an offset. Ranges not covered by any chunk are holes (zeros, kept sparse).</summary>
/// <param name="Offset">Where the data starts in the file.</param>
/// <param name="Data">The bytes; valid only until the next chunk is requested.</param>
public readonly record struct FileChunk(long Offset, ReadOnlyMemory<byte> Data);
