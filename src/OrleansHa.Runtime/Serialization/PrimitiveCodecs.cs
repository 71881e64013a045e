using System.Runtime.CompilerServices;

namespace OrleansHa.Runtime.Serialization;

/// <summary>Integers of any width travel as a varint, so widening a member's type stays compatible.</summary>
internal abstract class IntegerCodec<T> : WireCodec<T>
{
    public sealed override void Write(WireWriter writer, T value, WriteSession session)
    {
        writer.WriteByte(WireKind.VarInt);
        writer.WriteVarInt64(ToInt64(value));
    }

    public sealed override T Read(WireReader reader, ReadSession session)
    {
        var kind = reader.ReadByte();
        return kind == WireKind.VarInt ? FromInt64(reader.ReadVarInt64()) : throw Unexpected(kind, typeof(T));
    }

    protected abstract long ToInt64(T value);

    protected abstract T FromInt64(long value);
}

internal sealed class BooleanCodec : IntegerCodec<bool>
{
    protected override long ToInt64(bool value) => value ? 1 : 0;

    protected override bool FromInt64(long value) => value != 0;
}

internal sealed class ByteCodec : IntegerCodec<byte>
{
    protected override long ToInt64(byte value) => value;

    protected override byte FromInt64(long value) => unchecked((byte)value);
}

internal sealed class SByteCodec : IntegerCodec<sbyte>
{
    protected override long ToInt64(sbyte value) => value;

    protected override sbyte FromInt64(long value) => unchecked((sbyte)value);
}

internal sealed class Int16Codec : IntegerCodec<short>
{
    protected override long ToInt64(short value) => value;

    protected override short FromInt64(long value) => unchecked((short)value);
}

internal sealed class UInt16Codec : IntegerCodec<ushort>
{
    protected override long ToInt64(ushort value) => value;

    protected override ushort FromInt64(long value) => unchecked((ushort)value);
}

internal sealed class CharCodec : IntegerCodec<char>
{
    protected override long ToInt64(char value) => value;

    protected override char FromInt64(long value) => unchecked((char)value);
}

internal sealed class Int32Codec : IntegerCodec<int>
{
    protected override long ToInt64(int value) => value;

    protected override int FromInt64(long value) => unchecked((int)value);
}

internal sealed class UInt32Codec : IntegerCodec<uint>
{
    protected override long ToInt64(uint value) => value;

    protected override uint FromInt64(long value) => unchecked((uint)value);
}

internal sealed class Int64Codec : IntegerCodec<long>
{
    protected override long ToInt64(long value) => value;

    protected override long FromInt64(long value) => value;
}

internal sealed class UInt64Codec : IntegerCodec<ulong>
{
    protected override long ToInt64(ulong value) => unchecked((long)value);

    protected override ulong FromInt64(long value) => unchecked((ulong)value);
}

internal sealed class TimeSpanCodec : IntegerCodec<TimeSpan>
{
    protected override long ToInt64(TimeSpan value) => value.Ticks;

    protected override TimeSpan FromInt64(long value) => TimeSpan.FromTicks(value);
}

internal sealed class DateOnlyCodec : IntegerCodec<DateOnly>
{
    protected override long ToInt64(DateOnly value) => value.DayNumber;

    protected override DateOnly FromInt64(long value) => DateOnly.FromDayNumber(checked((int)value));
}

internal sealed class TimeOnlyCodec : IntegerCodec<TimeOnly>
{
    protected override long ToInt64(TimeOnly value) => value.Ticks;

    protected override TimeOnly FromInt64(long value) => new(value);
}

/// <summary>An enum travels as its underlying integer.</summary>
internal sealed class EnumCodec<T> : IntegerCodec<T>
    where T : struct, Enum
{
    private static readonly bool Signed = Type.GetTypeCode(typeof(T)) is TypeCode.SByte or TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64;

    protected override long ToInt64(T value) => Unsafe.SizeOf<T>() switch
    {
        1 => Signed ? Unsafe.As<T, sbyte>(ref value) : Unsafe.As<T, byte>(ref value),
        2 => Signed ? Unsafe.As<T, short>(ref value) : Unsafe.As<T, ushort>(ref value),
        4 => Signed ? Unsafe.As<T, int>(ref value) : Unsafe.As<T, uint>(ref value),
        _ => Unsafe.As<T, long>(ref value),
    };

    protected override T FromInt64(long value)
    {
        switch (Unsafe.SizeOf<T>())
        {
            case 1:
                var b = unchecked((byte)value);
                return Unsafe.As<byte, T>(ref b);
            case 2:
                var s = unchecked((ushort)value);
                return Unsafe.As<ushort, T>(ref s);
            case 4:
                var i = unchecked((uint)value);
                return Unsafe.As<uint, T>(ref i);
            default:
                return Unsafe.As<long, T>(ref value);
        }
    }
}

internal sealed class SingleCodec : WireCodec<float>
{
    public override void Write(WireWriter writer, float value, WriteSession session)
    {
        writer.WriteByte(WireKind.Fixed32);
        writer.WriteFixed32(BitConverter.SingleToUInt32Bits(value));
    }

    public override float Read(WireReader reader, ReadSession session)
    {
        var kind = reader.ReadByte();
        return kind == WireKind.Fixed32 ? BitConverter.UInt32BitsToSingle(reader.ReadFixed32()) : throw Unexpected(kind, typeof(float));
    }
}

internal sealed class DoubleCodec : WireCodec<double>
{
    public override void Write(WireWriter writer, double value, WriteSession session)
    {
        writer.WriteByte(WireKind.Fixed64);
        writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(value));
    }

    public override double Read(WireReader reader, ReadSession session)
    {
        var kind = reader.ReadByte();
        return kind == WireKind.Fixed64 ? BitConverter.UInt64BitsToDouble(reader.ReadFixed64()) : throw Unexpected(kind, typeof(double));
    }
}

internal sealed class DateTimeCodec : WireCodec<DateTime>
{
    public override void Write(WireWriter writer, DateTime value, WriteSession session)
    {
        writer.WriteByte(WireKind.Fixed64);
        writer.WriteFixed64(unchecked((ulong)value.ToBinary()));
    }

    public override DateTime Read(WireReader reader, ReadSession session)
    {
        var kind = reader.ReadByte();
        return kind == WireKind.Fixed64 ? DateTime.FromBinary(unchecked((long)reader.ReadFixed64())) : throw Unexpected(kind, typeof(DateTime));
    }
}
