using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OrleansHa.Runtime.Gateway.Wire;

/// <summary>Writes the protocol's primitives: little-endian integers, length-prefixed UTF-8 strings and byte strings.</summary>
internal static class FrameBodyWriter
{
    public static void WriteByte(this IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    public static void WriteUInt16(this IBufferWriter<byte> output, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(output.GetSpan(2), value);
        output.Advance(2);
    }

    public static void WriteUInt32(this IBufferWriter<byte> output, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    public static void WriteInt64(this IBufferWriter<byte> output, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    /// <summary>A string as <c>int32 byte count</c> (-1 for null) and UTF-8 bytes.</summary>
    public static void WriteString(this IBufferWriter<byte> output, string? value)
    {
        if (value is null)
        {
            output.WriteUInt32(uint.MaxValue);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        output.WriteUInt32((uint)count);
        if (count > 0)
        {
            Encoding.UTF8.GetBytes(value, output.GetSpan(count));
            output.Advance(count);
        }
    }

    /// <summary>Bytes as <c>int32 count</c> and the bytes.</summary>
    public static void WriteBytes(this IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        output.WriteUInt32((uint)value.Length);
        if (value.Length > 0)
        {
            value.CopyTo(output.GetSpan(value.Length));
            output.Advance(value.Length);
        }
    }
}
