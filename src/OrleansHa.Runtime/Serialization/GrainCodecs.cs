using System.Runtime.Serialization;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Serialization;

internal sealed class IdSpanCodec : WireCodec<IdSpan>
{
    public override void Write(WireWriter writer, IdSpan value, WriteSession session)
    {
        if (value.IsDefault)
        {
            writer.WriteByte(WireKind.Null);
        }
        else
        {
            writer.WriteString(value.ToString());
        }
    }

    public override IdSpan Read(WireReader reader, ReadSession session)
    {
        var kind = reader.ReadByte();
        return kind switch
        {
            WireKind.Null => default,
            WireKind.Bytes => IdSpan.Create(reader.ReadStringPayload()),
            _ => throw Unexpected(kind, typeof(IdSpan)),
        };
    }
}

internal sealed class GrainTypeCodec : WireCodec<GrainType>
{
    public override void Write(WireWriter writer, GrainType value, WriteSession session) => CodecCache<IdSpan>.Codec.Write(writer, value.Value, session);

    public override GrainType Read(WireReader reader, ReadSession session) => new(CodecCache<IdSpan>.Codec.Read(reader, session));
}

/// <summary>A grain id: a struct with the type as field 0 and the key as field 1.</summary>
internal sealed class GrainIdCodec : WireCodec<GrainId>
{
    public override void Write(WireWriter writer, GrainId value, WriteSession session)
    {
        writer.WriteByte(WireKind.Struct);
        writer.WriteVarUInt32(WireKind.FirstField);
        CodecCache<GrainType>.Codec.Write(writer, value.Type, session);
        writer.WriteVarUInt32(WireKind.FirstField + 1);
        CodecCache<IdSpan>.Codec.Write(writer, value.Key, session);
        writer.WriteVarUInt32(WireKind.EndObject);
    }

    public override GrainId Read(WireReader reader, ReadSession session)
    {
        var kind = reader.ReadByte();
        if (kind != WireKind.Struct)
        {
            throw Unexpected(kind, typeof(GrainId));
        }

        GrainType type = default;
        IdSpan key = default;
        while (true)
        {
            var header = reader.ReadVarUInt32();
            switch (header)
            {
                case WireKind.EndObject:
                    return new GrainId(type, key);
                case WireKind.FirstField:
                    type = CodecCache<GrainType>.Codec.Read(reader, session);
                    break;
                case WireKind.FirstField + 1:
                    key = CodecCache<IdSpan>.Codec.Read(reader, session);
                    break;
                default:
                    WireSkipper.Skip(reader, session);
                    break;
            }
        }
    }
}

/// <summary>Grain references (the runtime's proxies): carried as interface and grain id through the <see cref="IGrainReferenceCodec"/>.</summary>
internal static class GrainReferenceCodec
{
    public static void Write(WireWriter writer, object value, WriteSession session)
    {
        var codec = session.GrainReferences
            ?? throw new SerializationException($"{value.GetType()} is a grain reference, and this serializer has no IGrainReferenceCodec to carry it (the gateway supplies one).");
        if (!codec.TryGetReference(value, out var grainId, out var grainInterface))
        {
            throw new SerializationException($"{value.GetType()} implements IAddressable but is not a grain reference; pass a grain reference (e.g. AsReference<T>()) instead of a grain or observer object.");
        }

        writer.WriteByte(WireKind.GrainReference);
        WireTypes.WriteTypeSpec(writer, grainInterface, session);
        CodecCache<GrainId>.Codec.Write(writer, grainId, session);
    }

    /// <summary>Reads what follows a <see cref="WireKind.GrainReference"/> kind byte.</summary>
    public static object ReadBody(WireReader reader, ReadSession session, Type expected)
    {
        var grainInterface = WireTypes.Resolve(WireTypes.ReadTypeSpec(reader, session), expected);
        if (!grainInterface.IsInterface || !AddressableTypes.IsAddressable(grainInterface))
        {
            throw new SerializationException($"The data names {grainInterface} as a grain interface, but it is not an interface implementing IAddressable.");
        }

        var grainId = CodecCache<GrainId>.Codec.Read(reader, session);
        var codec = session.GrainReferences
            ?? throw new SerializationException($"The data holds a reference to grain {grainId}, and this serializer has no IGrainReferenceCodec to create it (the gateway supplies one).");
        return codec.CreateReference(grainId, grainInterface);
    }
}

/// <summary>The codec for a runtime type implementing IAddressable (a grain reference proxy).</summary>
internal sealed class GrainReferenceCodec<T> : ReferenceCodec<T>
    where T : class
{
    public override bool SelfDescribing => true;

    protected override bool Tracked => false;

    public override void WriteBody(WireWriter writer, T value, WriteSession session) => GrainReferenceCodec.Write(writer, value, session);

    public override T ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
        => throw Unexpected(kind, typeof(T));
}
