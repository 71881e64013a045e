using System.Buffers;
using System.Buffers.Binary;

namespace OrleansHa.Runtime.Gateway.Wire;

/// <summary>
/// A growable, pooled buffer one outgoing frame is written into. The first bytes are the frame header
/// (length, kind, request id); <see cref="Complete"/> patches the length once the body is known.
/// Owned by one writer until it is handed to the connection, which returns it to the pool after sending.
/// </summary>
internal sealed class FrameBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    public FrameBuffer(FrameKind kind, uint requestId, int sizeHint = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, FrameHeader.Size + 16));
        _buffer[4] = (byte)kind;
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(5), requestId);
        _written = FrameHeader.Size;
    }

    /// <summary>Bytes written so far, header included.</summary>
    public int Length => _written;

    /// <summary>The whole frame, header included.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Reserves four bytes for a length written later with <see cref="PatchUInt32"/>.</summary>
    public int ReserveUInt32()
    {
        Ensure(4);
        var position = _written;
        _written += 4;
        return position;
    }

    /// <summary>Writes a value into bytes reserved earlier.</summary>
    public void PatchUInt32(int position, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(position), value);

    /// <summary>Writes the frame length into the header; call once, after the body.</summary>
    public void Complete() => PatchUInt32(0, (uint)(_written - 4));

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + sizeHint));
        _buffer.AsSpan(0, _written).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}
