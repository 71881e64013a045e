using System.Runtime.Serialization;

namespace OrleansHa.Runtime.Serialization;

/// <summary>Encodes and decodes values of one type (untyped entry points, for polymorphic values).</summary>
internal abstract class WireCodec
{
    /// <summary>
    /// True when the encoding names its own type (exceptions, grain references), so a polymorphic
    /// value needs no type header in front.
    /// </summary>
    public virtual bool SelfDescribing => false;

    public abstract void WriteObject(WireWriter writer, object? value, WriteSession session);

    public abstract object? ReadObject(WireReader reader, ReadSession session);

    protected static SerializationException Unexpected(byte kind, Type type)
        => new($"The data is not valid for {type}: found a {WireKind.Name(kind)} value.");
}

/// <summary>Encodes and decodes values declared as <typeparamref name="T"/>, without boxing.</summary>
internal abstract class WireCodec<T> : WireCodec
{
    /// <summary>Writes one value, kind byte first.</summary>
    public abstract void Write(WireWriter writer, T value, WriteSession session);

    /// <summary>Reads one value, kind byte first.</summary>
    public abstract T Read(WireReader reader, ReadSession session);

    public override void WriteObject(WireWriter writer, object? value, WriteSession session) => Write(writer, (T)value!, session);

    public override object? ReadObject(WireReader reader, ReadSession session) => Read(reader, session);
}

/// <summary>Per-type cache of codecs: one static field read on the hot path.</summary>
internal static class CodecCache<T>
{
    public static readonly WireCodec<T> Codec = (WireCodec<T>)CodecRegistry.Get(typeof(T));
}
