using System.Buffers.Binary;
using System.Runtime.Serialization;

namespace OrleansHa.Runtime.Serialization;

internal abstract class Fixed128Codec<T> : WireCodec<T>
{
    public sealed override void Write(WireWriter writer, T value, WriteSession session)
    {
        writer.WriteByte(WireKind.Fixed128);
        Encode(value, writer.GetSpan(16));
    }

    public sealed override T Read(WireReader reader, ReadSession session)
    {
        var kind = reader.ReadByte();
        return kind == WireKind.Fixed128 ? Decode(reader.ReadSpan(16)) : throw Unexpected(kind, typeof(T));
    }

    protected abstract void Encode(T value, Span<byte> destination);

    protected abstract T Decode(ReadOnlySpan<byte> source);
}

internal sealed class DecimalCodec : Fixed128Codec<decimal>
{
    protected override void Encode(decimal value, Span<byte> destination)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination[(i * 4)..], bits[i]);
        }
    }

    protected override decimal Decode(ReadOnlySpan<byte> source)
    {
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]);
        }

        return new decimal(bits);
    }
}

internal sealed class GuidCodec : Fixed128Codec<Guid>
{
    protected override void Encode(Guid value, Span<byte> destination) => value.TryWriteBytes(destination);

    protected override Guid Decode(ReadOnlySpan<byte> source) => new(source);
}

internal sealed class DateTimeOffsetCodec : Fixed128Codec<DateTimeOffset>
{
    protected override void Encode(DateTimeOffset value, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, value.Ticks);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], value.Offset.Ticks);
    }

    protected override DateTimeOffset Decode(ReadOnlySpan<byte> source)
        => new(BinaryPrimitives.ReadInt64LittleEndian(source), TimeSpan.FromTicks(BinaryPrimitives.ReadInt64LittleEndian(source[8..])));
}

/// <summary>Immutable reference types carried as text: never tracked (identity does not matter for them).</summary>
internal abstract class TextCodec<T> : ReferenceCodec<T>
    where T : class
{
    protected override bool Tracked => false;

    public override void WriteBody(WireWriter writer, T value, WriteSession session) => writer.WriteString(Format(value));

    public override T ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
        => kind == WireKind.Bytes ? Parse(reader.ReadStringPayload()) : throw Unexpected(kind, typeof(T));

    protected abstract string Format(T value);

    protected abstract T Parse(string text);
}

internal sealed class StringCodec : TextCodec<string>
{
    protected override string Format(string value) => value;

    protected override string Parse(string text) => text;
}

internal sealed class UriCodec : TextCodec<Uri>
{
    protected override string Format(Uri value) => value.OriginalString;

    protected override Uri Parse(string text) => new(text, UriKind.RelativeOrAbsolute);
}

internal sealed class VersionCodec : TextCodec<Version>
{
    protected override string Format(Version value) => value.ToString();

    protected override Version Parse(string text) => Version.Parse(text);
}

/// <summary>The hot path for file contents and journal batches: a length and the raw bytes.</summary>
internal sealed class ByteArrayCodec : ReferenceCodec<byte[]>
{
    public override void WriteBody(WireWriter writer, byte[] value, WriteSession session) => writer.WriteLengthPrefixed(WireKind.Blob, value.AsMemory());

    public override byte[] ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
        => kind is WireKind.Blob or WireKind.Bytes ? reader.ReadArray(reader.ReadLength()) : throw Unexpected(kind, typeof(byte[]));
}

internal sealed class ReadOnlyMemoryCodec : WireCodec<ReadOnlyMemory<byte>>
{
    public override void Write(WireWriter writer, ReadOnlyMemory<byte> value, WriteSession session) => writer.WriteLengthPrefixed(WireKind.Bytes, value);

    public override ReadOnlyMemory<byte> Read(WireReader reader, ReadSession session) => MemoryCodec.ReadBytes(reader, session);
}

internal sealed class MemoryCodec : WireCodec<Memory<byte>>
{
    public override void Write(WireWriter writer, Memory<byte> value, WriteSession session) => writer.WriteLengthPrefixed(WireKind.Bytes, (ReadOnlyMemory<byte>)value);

    public override Memory<byte> Read(WireReader reader, ReadSession session) => ReadBytes(reader, session);

    /// <summary>Reads bytes written as memory, or as a byte array (which may be a null or a back-reference).</summary>
    public static byte[] ReadBytes(WireReader reader, ReadSession session)
    {
        var kind = reader.PeekByte();
        if (kind == WireKind.Bytes)
        {
            reader.ReadByte();
            return reader.ReadArray(reader.ReadLength());
        }

        return CodecCache<byte[]>.Codec.Read(reader, session) ?? [];
    }
}

internal sealed class NullableCodec<T> : WireCodec<T?>
    where T : struct
{
    public override void Write(WireWriter writer, T? value, WriteSession session)
    {
        if (value.HasValue)
        {
            CodecCache<T>.Codec.Write(writer, value.GetValueOrDefault(), session);
        }
        else
        {
            writer.WriteByte(WireKind.Null);
        }
    }

    public override T? Read(WireReader reader, ReadSession session)
    {
        if (reader.PeekByte() == WireKind.Null)
        {
            reader.ReadByte();
            return null;
        }

        return CodecCache<T>.Codec.Read(reader, session);
    }
}

/// <summary>
/// For declared types that have no body of their own (object, interfaces, abstract classes, plain
/// classes without [GenerateSerializer]): values always travel with their runtime type.
/// </summary>
internal sealed class PolymorphicCodec<T> : ReferenceCodec<T>
    where T : class
{
    public override void WriteBody(WireWriter writer, T value, WriteSession session)
    {
        if (typeof(T) != typeof(object))
        {
            throw CodecRegistry.NotSerializable(typeof(T));
        }

        // A bare object: an empty tracked object.
        writer.WriteByte(WireKind.Object);
        writer.WriteVarUInt32(WireKind.EndObject);
    }

    public override T ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
    {
        if (typeof(T) == typeof(object) && kind == WireKind.Object)
        {
            var value = new object();
            session.SetReference(referenceId, value);
            WireSkipper.SkipFields(reader, session);
            return (T)value;
        }

        throw new SerializationException($"The data holds a {WireKind.Name(kind)} value without its type where a {typeof(T)} is expected.");
    }
}

/// <summary>Thrown on use, so a type that merely appears in a declaration fails only when a value of it travels.</summary>
internal sealed class UnsupportedCodec<T> : WireCodec<T>
{
    public override void Write(WireWriter writer, T value, WriteSession session) => throw CodecRegistry.NotSerializable(typeof(T));

    public override T Read(WireReader reader, ReadSession session) => throw CodecRegistry.NotSerializable(typeof(T));
}
