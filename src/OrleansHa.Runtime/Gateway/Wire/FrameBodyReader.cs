using System.Buffers;
using System.Text;

namespace OrleansHa.Runtime.Gateway.Wire;

/// <summary>
/// Reads what <see cref="FrameBodyWriter"/> wrote from one frame body. Running past the end, or a length that
/// does not fit the body, is a <see cref="GatewayProtocolException"/>: a peer never makes us read outside its frame.
/// </summary>
internal ref struct FrameBodyReader(ReadOnlySequence<byte> body)
{
    private SequenceReader<byte> _reader = new(body);

    public readonly long Remaining => _reader.Remaining;

    public byte ReadByte() => _reader.TryRead(out var value) ? value : throw Truncated();

    public ushort ReadUInt16() => _reader.TryReadLittleEndian(out short value) ? (ushort)value : throw Truncated();

    public uint ReadUInt32() => _reader.TryReadLittleEndian(out int value) ? (uint)value : throw Truncated();

    public long ReadInt64() => _reader.TryReadLittleEndian(out long value) ? value : throw Truncated();

    public string? ReadString()
    {
        var count = ReadUInt32();
        if (count == uint.MaxValue)
        {
            return null;
        }

        var bytes = Take(count);
        return bytes.IsSingleSegment ? Encoding.UTF8.GetString(bytes.FirstSpan) : Encoding.UTF8.GetString(bytes.ToArray());
    }

    public string ReadRequiredString(string what)
        => ReadString() ?? throw new GatewayProtocolException($"The {what} was missing (null) in a frame.");

    /// <summary>A length-prefixed slice of the body (no copy).</summary>
    public ReadOnlySequence<byte> ReadBytes() => Take(ReadUInt32());

    /// <summary>The rest of the body (no copy).</summary>
    public ReadOnlySequence<byte> ReadToEnd()
    {
        var rest = _reader.UnreadSequence;
        _reader.AdvanceToEnd();
        return rest;
    }

    private ReadOnlySequence<byte> Take(uint count)
    {
        if (count > _reader.Remaining)
        {
            throw new GatewayProtocolException($"A field announced {count} bytes but only {_reader.Remaining} remain in its frame.");
        }

        var slice = _reader.UnreadSequence.Slice(0, count);
        _reader.Advance(count);
        return slice;
    }

    private static GatewayProtocolException Truncated() => new("A frame ended in the middle of a field.");
}
