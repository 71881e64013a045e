using System.Buffers;
using System.Buffers.Binary;

namespace OrleansHa.Runtime.Gateway.Wire;

/// <summary>
/// The frame header: <c>uint32 length</c> (of everything after it), <c>byte kind</c>, <c>uint32 request id</c>,
/// all little-endian. A frame's body follows the header.
/// </summary>
internal static class FrameHeader
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 9;

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>. False when the frame is not complete yet.
    /// Throws <see cref="GatewayProtocolException"/> when the announced length is above <paramref name="maxFrameSize"/>.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out FrameKind kind, out uint requestId, out ReadOnlySequence<byte> body)
    {
        kind = default;
        requestId = 0;
        body = default;
        if (buffer.Length < Size)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[Size];
        buffer.Slice(0, Size).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length < Size - 4 || length > (uint)maxFrameSize)
        {
            throw new GatewayProtocolException($"A frame announced {length} bytes; allowed are {Size - 4} to {maxFrameSize} (the connection's maximum frame size).");
        }

        if (buffer.Length < length + 4)
        {
            return false;
        }

        kind = (FrameKind)header[4];
        requestId = BinaryPrimitives.ReadUInt32LittleEndian(header[5..]);
        body = buffer.Slice(Size, length - (Size - 4));
        buffer = buffer.Slice(length + 4);
        return true;
    }
}
