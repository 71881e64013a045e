using System.Runtime.Serialization;

namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// The shape every reference type shares on the wire: null, a back-reference to a value already in the
/// message, a value of another runtime type (type header, exception, grain reference), or the body of
/// this exact type, which subclasses write and read.
/// </summary>
internal abstract class ReferenceCodec<T> : WireCodec<T>
    where T : class
{
    /// <summary>Whether bodies of this type use a tracked kind (so shared references and cycles survive).</summary>
    protected virtual bool Tracked => true;

    public sealed override void Write(WireWriter writer, T value, WriteSession session)
    {
        if (value is null)
        {
            writer.WriteByte(WireKind.Null);
            return;
        }

        if (Tracked && session.TryWriteReference(writer, value))
        {
            return;
        }

        var runtimeType = value.GetType();
        if (runtimeType != typeof(T))
        {
            WriteOtherType(writer, value, runtimeType, session);
            return;
        }

        if (Tracked)
        {
            session.Register(value);
        }

        WriteBody(writer, value, session);
    }

    public sealed override T Read(WireReader reader, ReadSession session)
    {
        var kind = reader.ReadByte();
        switch (kind)
        {
            case WireKind.Null:
                return null!;
            case WireKind.Reference:
                return Cast(session.GetReference(reader.ReadVarUInt32()));
            case WireKind.TypeHeader:
                var type = WireTypes.Resolve(WireTypes.ReadTypeSpec(reader, session), typeof(T));
                if (!typeof(T).IsAssignableFrom(type))
                {
                    throw new SerializationException($"The data holds a {type} where a {typeof(T)} is expected.");
                }

                session.Enter();
                var typed = CodecRegistry.Get(type).ReadObject(reader, session);
                session.Exit();
                return Cast(typed);
            case WireKind.Exception:
                return Cast(ExceptionReader.ReadBody(reader, session));
            case WireKind.GrainReference:
                return Cast(GrainReferenceCodec.ReadBody(reader, session, typeof(T)));
            default:
                var id = WireKind.IsTracked(kind) ? session.ReserveReference() : -1;
                var value = ReadBody(reader, session, kind, id);
                if (id >= 0)
                {
                    session.SetReference(id, value);
                }

                return value;
        }
    }

    /// <summary>Writes the kind byte and payload of a value whose runtime type is exactly <typeparamref name="T"/>.</summary>
    public abstract void WriteBody(WireWriter writer, T value, WriteSession session);

    /// <summary>
    /// Reads the payload after <paramref name="kind"/>. For a tracked kind, <paramref name="referenceId"/> is
    /// the value's id: call <see cref="ReadSession.SetReference"/> as soon as the instance exists, before
    /// reading members, so cycles back to it resolve.
    /// </summary>
    public abstract T ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId);

    /// <summary>Writes a value whose runtime type is a subclass or implementation of <typeparamref name="T"/>.</summary>
    protected virtual void WriteOtherType(WireWriter writer, T value, Type runtimeType, WriteSession session)
        => WritePolymorphic(writer, value, runtimeType, session);

    public static void WritePolymorphic(WireWriter writer, object value, Type runtimeType, WriteSession session)
    {
        var codec = CodecRegistry.Get(runtimeType);
        if (!codec.SelfDescribing)
        {
            if (!WireTypes.IsAllowed(runtimeType))
            {
                throw CodecRegistry.NotSerializable(runtimeType);
            }

            writer.WriteByte(WireKind.TypeHeader);
            WireTypes.WriteTypeSpec(writer, runtimeType, session);
        }

        codec.WriteObject(writer, value, session);
    }

    private static T Cast(object? value)
        => value is null or T
            ? (T)value!
            : throw new SerializationException($"The data holds a {value.GetType()} where a {typeof(T)} is expected.");
}
