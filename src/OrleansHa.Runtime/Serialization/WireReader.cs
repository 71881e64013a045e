using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Serialization;
using System.Text;

namespace OrleansHa.Runtime.Serialization;

/// <summary>Reads encoded values from a byte array segment; every read is bounds-checked.</summary>
internal sealed class WireReader
{
    private byte[] _buffer = [];
    private int _position;
    private int _end;

    public int Remaining => _end - _position;

    public void Reset(byte[] buffer, int offset, int count)
    {
        _buffer = buffer;
        _position = offset;
        _end = offset + count;
    }

    public void Release()
    {
        _buffer = [];
        _position = 0;
        _end = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if (_position >= _end)
        {
            ThrowEndOfData();
        }

        return _buffer[_position++];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte PeekByte()
    {
        if (_position >= _end)
        {
            ThrowEndOfData();
        }

        return _buffer[_position];
    }

    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new SerializationException("The data is not valid: a variable-length integer is longer than 10 bytes.");
    }

    public uint ReadVarUInt32()
    {
        var value = ReadVarUInt64();
        return value <= uint.MaxValue
            ? (uint)value
            : throw new SerializationException($"The data is not valid: {value} does not fit in 32 bits.");
    }

    public long ReadVarInt64()
    {
        var value = ReadVarUInt64();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(4));

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadSpan(8));

    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        if ((uint)count > (uint)(_end - _position))
        {
            ThrowEndOfData();
        }

        var span = new ReadOnlySpan<byte>(_buffer, _position, count);
        _position += count;
        return span;
    }

    /// <summary>Reads a length that must fit in what is left of the message (so a forged length cannot make us allocate).</summary>
    public int ReadLength()
    {
        var length = ReadVarUInt64();
        if (length > (ulong)Remaining)
        {
            throw new SerializationException($"The data is not valid: a length of {length} bytes runs past the end of the message ({Remaining} bytes left).");
        }

        return (int)length;
    }

    /// <summary>Reads an element count; each element takes at least one byte, which bounds it.</summary>
    public int ReadCount() => ReadLength();

    /// <summary>Reads <paramref name="count"/> bytes into a new array (not zeroed first: the copy fills it).</summary>
    public byte[] ReadArray(int count)
    {
        var source = ReadSpan(count);
        var result = GC.AllocateUninitializedArray<byte>(count);
        source.CopyTo(result);
        return result;
    }

    public string ReadStringPayload() => Encoding.UTF8.GetString(ReadSpan(ReadLength()));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowEndOfData()
        => throw new SerializationException("The data is not valid: the message ended in the middle of a value.");
}
