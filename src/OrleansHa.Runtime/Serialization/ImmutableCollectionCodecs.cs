using System.Collections.Immutable;
using System.Runtime.Serialization;

namespace OrleansHa.Runtime.Serialization;

// Immutable collections are built after their elements; their reference id is set once built.

internal sealed class ImmutableArrayCodec<T> : WireCodec<ImmutableArray<T>>
{
    public override void Write(WireWriter writer, ImmutableArray<T> value, WriteSession session)
    {
        if (value.IsDefault)
        {
            writer.WriteByte(WireKind.Null);
            return;
        }

        Sequences.WriteHeader(writer, WireKind.SequenceValue, value.Length);
        var codec = CodecCache<T>.Codec;
        foreach (var item in value)
        {
            codec.Write(writer, item, session);
        }
    }

    public override ImmutableArray<T> Read(WireReader reader, ReadSession session)
    {
        var kind = reader.ReadByte();
        if (kind == WireKind.Null)
        {
            return default;
        }

        if (kind != WireKind.SequenceValue)
        {
            throw Unexpected(kind, typeof(ImmutableArray<T>));
        }

        var count = Sequences.ReadElementCount(reader, kind, typeof(ImmutableArray<T>));
        var builder = ImmutableArray.CreateBuilder<T>(count);
        session.Enter();
        var codec = CodecCache<T>.Codec;
        for (var i = 0; i < count; i++)
        {
            builder.Add(codec.Read(reader, session));
        }

        session.Exit();
        return builder.MoveToImmutable();
    }
}

/// <summary>Immutable reference collections: a tracked sequence, read through a builder.</summary>
internal abstract class ImmutableSequenceCodec<TCollection, TElement, TBuilder> : ReferenceCodec<TCollection>
    where TCollection : class, IReadOnlyCollection<TElement>
{
    protected virtual int ValuesPerElement => 1;

    public override void WriteBody(WireWriter writer, TCollection value, WriteSession session)
    {
        Sequences.WriteHeader(writer, WireKind.Sequence, value.Count * ValuesPerElement);
        foreach (var item in value)
        {
            WriteElement(writer, item, session);
        }
    }

    public override TCollection ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
    {
        var count = Sequences.ReadElementCount(reader, kind, typeof(TCollection), ValuesPerElement);
        var builder = CreateBuilder();
        session.Enter();
        for (var i = 0; i < count; i++)
        {
            ReadElement(reader, session, builder);
        }

        session.Exit();
        return Build(builder);
    }

    protected virtual void WriteElement(WireWriter writer, TElement item, WriteSession session)
        => CodecCache<TElement>.Codec.Write(writer, item, session);

    protected virtual void ReadElement(WireReader reader, ReadSession session, TBuilder builder)
        => Add(builder, CodecCache<TElement>.Codec.Read(reader, session));

    protected abstract TBuilder CreateBuilder();

    protected abstract void Add(TBuilder builder, TElement item);

    protected abstract TCollection Build(TBuilder builder);
}

internal sealed class ImmutableListCodec<T> : ImmutableSequenceCodec<ImmutableList<T>, T, ImmutableList<T>.Builder>
{
    protected override ImmutableList<T>.Builder CreateBuilder() => ImmutableList.CreateBuilder<T>();

    protected override void Add(ImmutableList<T>.Builder builder, T item) => builder.Add(item);

    protected override ImmutableList<T> Build(ImmutableList<T>.Builder builder) => builder.ToImmutable();
}

internal sealed class ImmutableHashSetCodec<T> : ImmutableSequenceCodec<ImmutableHashSet<T>, T, ImmutableHashSet<T>.Builder>
{
    protected override ImmutableHashSet<T>.Builder CreateBuilder() => ImmutableHashSet.CreateBuilder<T>();

    protected override void Add(ImmutableHashSet<T>.Builder builder, T item) => builder.Add(item);

    protected override ImmutableHashSet<T> Build(ImmutableHashSet<T>.Builder builder) => builder.ToImmutable();
}

internal sealed class ImmutableDictionaryCodec<TKey, TValue>
    : ImmutableSequenceCodec<ImmutableDictionary<TKey, TValue>, KeyValuePair<TKey, TValue>, ImmutableDictionary<TKey, TValue>.Builder>
    where TKey : notnull
{
    protected override int ValuesPerElement => 2;

    protected override void WriteElement(WireWriter writer, KeyValuePair<TKey, TValue> item, WriteSession session)
    {
        CodecCache<TKey>.Codec.Write(writer, item.Key, session);
        CodecCache<TValue>.Codec.Write(writer, item.Value, session);
    }

    protected override void ReadElement(WireReader reader, ReadSession session, ImmutableDictionary<TKey, TValue>.Builder builder)
    {
        var key = CodecCache<TKey>.Codec.Read(reader, session)
            ?? throw new SerializationException($"The data is not valid for {typeof(ImmutableDictionary<TKey, TValue>)}: a key is null.");
        builder[key] = CodecCache<TValue>.Codec.Read(reader, session);
    }

    protected override void Add(ImmutableDictionary<TKey, TValue>.Builder builder, KeyValuePair<TKey, TValue> item) => builder[item.Key] = item.Value;

    protected override ImmutableDictionary<TKey, TValue>.Builder CreateBuilder() => ImmutableDictionary.CreateBuilder<TKey, TValue>();

    protected override ImmutableDictionary<TKey, TValue> Build(ImmutableDictionary<TKey, TValue>.Builder builder) => builder.ToImmutable();
}
