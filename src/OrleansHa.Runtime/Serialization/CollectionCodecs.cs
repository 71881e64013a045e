using System.Runtime.InteropServices;
using System.Runtime.Serialization;

namespace OrleansHa.Runtime.Serialization;

/// <summary>Shared checks for sequence-shaped values.</summary>
internal static class Sequences
{
    public static void WriteHeader(WireWriter writer, byte kind, int values)
    {
        writer.WriteByte(kind);
        writer.WriteVarUInt32((uint)values);
    }

    /// <summary>Reads the value count after a sequence kind byte; <paramref name="perElement"/> values make one element.</summary>
    public static int ReadElementCount(WireReader reader, byte kind, Type type, int perElement = 1)
    {
        if (kind is not (WireKind.Sequence or WireKind.SequenceValue))
        {
            throw new SerializationException($"The data is not valid for {type}: found a {WireKind.Name(kind)} value.");
        }

        var values = reader.ReadCount();
        return values % perElement == 0
            ? values / perElement
            : throw new SerializationException($"The data is not valid for {type}: {values} values do not make whole entries.");
    }
}

internal sealed class ArrayCodec<T> : ReferenceCodec<T[]>
{
    public override void WriteBody(WireWriter writer, T[] value, WriteSession session)
    {
        Sequences.WriteHeader(writer, WireKind.Sequence, value.Length);
        var codec = CodecCache<T>.Codec;
        foreach (var item in value)
        {
            codec.Write(writer, item, session);
        }
    }

    public override T[] ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
    {
        var count = Sequences.ReadElementCount(reader, kind, typeof(T[]));
        var array = new T[count];
        session.SetReference(referenceId, array);
        session.Enter();
        var codec = CodecCache<T>.Codec;
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = codec.Read(reader, session);
        }

        session.Exit();
        return array;
    }
}

internal sealed class ListCodec<T> : ReferenceCodec<List<T>>
{
    public override void WriteBody(WireWriter writer, List<T> value, WriteSession session)
    {
        Sequences.WriteHeader(writer, WireKind.Sequence, value.Count);
        var codec = CodecCache<T>.Codec;
        foreach (var item in CollectionsMarshal.AsSpan(value))
        {
            codec.Write(writer, item, session);
        }
    }

    public override List<T> ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
    {
        var count = Sequences.ReadElementCount(reader, kind, typeof(List<T>));
        var list = new List<T>(count);
        session.SetReference(referenceId, list);
        session.Enter();
        var codec = CodecCache<T>.Codec;
        for (var i = 0; i < count; i++)
        {
            list.Add(codec.Read(reader, session));
        }

        session.Exit();
        return list;
    }
}

internal sealed class HashSetCodec<T> : ReferenceCodec<HashSet<T>>
{
    public override void WriteBody(WireWriter writer, HashSet<T> value, WriteSession session)
    {
        Sequences.WriteHeader(writer, WireKind.Sequence, value.Count);
        var codec = CodecCache<T>.Codec;
        foreach (var item in value)
        {
            codec.Write(writer, item, session);
        }
    }

    public override HashSet<T> ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
    {
        var count = Sequences.ReadElementCount(reader, kind, typeof(HashSet<T>));
        var set = new HashSet<T>(count);
        session.SetReference(referenceId, set);
        session.Enter();
        var codec = CodecCache<T>.Codec;
        for (var i = 0; i < count; i++)
        {
            set.Add(codec.Read(reader, session));
        }

        session.Exit();
        return set;
    }
}

/// <summary>Dictionaries of either kind: key and value alternate, so the value count is twice the entry count.</summary>
internal abstract class MapCodec<TMap, TKey, TValue> : ReferenceCodec<TMap>
    where TMap : class, IDictionary<TKey, TValue>
    where TKey : notnull
{
    public override void WriteBody(WireWriter writer, TMap value, WriteSession session)
    {
        Sequences.WriteHeader(writer, WireKind.Sequence, value.Count * 2);
        var keys = CodecCache<TKey>.Codec;
        var values = CodecCache<TValue>.Codec;
        foreach (var (key, item) in value)
        {
            keys.Write(writer, key, session);
            values.Write(writer, item, session);
        }
    }

    public override TMap ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
    {
        var count = Sequences.ReadElementCount(reader, kind, typeof(TMap), perElement: 2);
        var map = Create(count);
        session.SetReference(referenceId, map);
        session.Enter();
        var keys = CodecCache<TKey>.Codec;
        var values = CodecCache<TValue>.Codec;
        for (var i = 0; i < count; i++)
        {
            var key = keys.Read(reader, session);
            if (key is null)
            {
                throw new SerializationException($"The data is not valid for {typeof(TMap)}: a key is null.");
            }

            map[key] = values.Read(reader, session);
        }

        session.Exit();
        return map;
    }

    protected abstract TMap Create(int count);
}

internal sealed class DictionaryCodec<TKey, TValue> : MapCodec<Dictionary<TKey, TValue>, TKey, TValue>
    where TKey : notnull
{
    protected override Dictionary<TKey, TValue> Create(int count) => new(count);
}

internal sealed class SortedDictionaryCodec<TKey, TValue> : MapCodec<SortedDictionary<TKey, TValue>, TKey, TValue>
    where TKey : notnull
{
    protected override SortedDictionary<TKey, TValue> Create(int count) => [];
}
