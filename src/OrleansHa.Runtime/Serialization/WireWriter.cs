using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// Appends encoded values to a pooled buffer. With an output attached, full buffers and large raw blocks
/// go straight to it; without one, the buffer grows and <see cref="ToArray"/> returns the bytes.
/// </summary>
internal sealed class WireWriter
{
    private const int InitialSize = 4096;
    private const int DirectWriteThreshold = 16 * 1024;
    private static readonly Encoding Utf8 = Encoding.UTF8;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _position;
    private IBufferWriter<byte>? _output;

    // Large blocks written without an output: kept by reference and copied once, straight into the result.
    private readonly List<(int Offset, ReadOnlyMemory<byte> Bytes)> _deferred = [];
    private int _deferredLength;

    public void Reset(IBufferWriter<byte>? output)
    {
        _output = output;
        _position = 0;
    }

    /// <summary>Drops a buffer that grew large, so an idle pooled writer does not hold megabytes.</summary>
    public void Release()
    {
        _output = null;
        _position = 0;
        _deferred.Clear();
        _deferredLength = 0;
        if (_buffer.Length > 64 * 1024)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    public byte[] ToArray()
    {
        // Uninitialized: every byte is overwritten at once, and zeroing a megabyte costs as much as copying it.
        var result = GC.AllocateUninitializedArray<byte>(_position + _deferredLength);
        var written = 0;
        var copied = 0;
        foreach (var (offset, bytes) in _deferred)
        {
            _buffer.AsSpan(copied, offset - copied).CopyTo(result.AsSpan(written));
            written += offset - copied;
            copied = offset;
            bytes.Span.CopyTo(result.AsSpan(written));
            written += bytes.Length;
        }

        _buffer.AsSpan(copied, _position - copied).CopyTo(result.AsSpan(written));
        return result;
    }

    /// <summary>Hands what is buffered to the output.</summary>
    public void Flush()
    {
        if (_output is not null && _position > 0)
        {
            _output.Write(_buffer.AsSpan(0, _position));
            _position = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        if (_position >= _buffer.Length)
        {
            MakeRoom(1);
        }

        _buffer[_position++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarUInt64(ulong value)
    {
        if (_buffer.Length - _position < 10)
        {
            MakeRoom(10);
        }

        var buffer = _buffer;
        var position = _position;
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
        _position = position;
    }

    public void WriteVarUInt32(uint value) => WriteVarUInt64(value);

    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    public void WriteFixed32(uint value)
    {
        MakeRoomFor(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteFixed64(ulong value)
    {
        MakeRoomFor(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    /// <summary>Reserves <paramref name="count"/> bytes and returns them to be filled.</summary>
    public Span<byte> GetSpan(int count)
    {
        MakeRoomFor(count);
        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Writes <c>kind length bytes</c>. Large blocks bypass the buffer when an output is attached.</summary>
    public void WriteLengthPrefixed(byte kind, ReadOnlySpan<byte> bytes)
    {
        WriteByte(kind);
        WriteVarUInt64((ulong)bytes.Length);
        if (_output is not null && bytes.Length >= DirectWriteThreshold)
        {
            Flush();
            _output.Write(bytes);
            return;
        }

        bytes.CopyTo(GetSpan(bytes.Length));
    }

    /// <summary>
    /// Like <see cref="WriteLengthPrefixed(byte, ReadOnlySpan{byte})"/> for bytes that stay unchanged until this message is finished
    /// (the serializer's own call): without an output, a large block is not copied into the buffer at all.
    /// </summary>
    public void WriteLengthPrefixed(byte kind, ReadOnlyMemory<byte> bytes)
    {
        if (_output is not null || bytes.Length < DirectWriteThreshold)
        {
            WriteLengthPrefixed(kind, bytes.Span);
            return;
        }

        WriteByte(kind);
        WriteVarUInt64((ulong)bytes.Length);
        _deferred.Add((_position, bytes));
        _deferredLength += bytes.Length;
    }

    /// <summary>Writes a string as <c>Bytes</c>: UTF-8, encoded straight into the buffer.</summary>
    public void WriteString(string value)
    {
        WriteByte(WireKind.Bytes);
        if (value.Length <= 42)
        {
            // At most 126 bytes: the length fits in one byte, so encode first and fill it in after.
            MakeRoomFor(1 + (value.Length * 3));
            var written = Utf8.GetBytes(value, _buffer.AsSpan(_position + 1));
            _buffer[_position] = (byte)written;
            _position += 1 + written;
            return;
        }

        var length = Utf8.GetByteCount(value);
        WriteVarUInt64((ulong)length);
        MakeRoomFor(length);
        _position += Utf8.GetBytes(value, _buffer.AsSpan(_position));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MakeRoomFor(int count)
    {
        if (_buffer.Length - _position < count)
        {
            MakeRoom(count);
        }
    }

    private void MakeRoom(int count)
    {
        Flush();
        if (_buffer.Length - _position >= count)
        {
            return;
        }

        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + count));
        _buffer.AsSpan(0, _position).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }
}
