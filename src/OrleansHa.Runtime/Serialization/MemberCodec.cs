namespace OrleansHa.Runtime.Serialization;

/// <summary>One serialized member of <typeparamref name="TOwner"/>: its field id and typed accessors.</summary>
internal abstract class MemberCodec<TOwner>(uint id, string name)
{
    public uint Id { get; } = id;

    public string Name { get; } = name;

    public abstract void Write(WireWriter writer, ref TOwner owner, WriteSession session);

    public abstract void Read(WireReader reader, ref TOwner owner, ReadSession session);
}

/// <summary>A member of type <typeparamref name="TField"/>: read and written through emitted accessors, without boxing.</summary>
internal sealed class MemberCodec<TOwner, TField>(
    uint id, string name, MemberGetter<TOwner, TField> getter, MemberSetter<TOwner, TField> setter)
    : MemberCodec<TOwner>(id, name)
{
    public override void Write(WireWriter writer, ref TOwner owner, WriteSession session)
        => CodecCache<TField>.Codec.Write(writer, getter(ref owner), session);

    public override void Read(WireReader reader, ref TOwner owner, ReadSession session)
        => setter(ref owner, CodecCache<TField>.Codec.Read(reader, session));
}
