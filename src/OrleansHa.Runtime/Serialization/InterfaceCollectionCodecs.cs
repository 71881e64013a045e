namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// Members declared as a collection interface. A value of the default implementation (List, Dictionary,
/// HashSet) is written without a type header; another serializable type travels with its type; anything
/// else (a LINQ query, a framework wrapper) is materialized as the default implementation.
/// </summary>
internal abstract class InterfaceCollectionCodec<TInterface, TDefault> : ReferenceCodec<TInterface>
    where TInterface : class
    where TDefault : class
{
    private static ReferenceCodec<TDefault> Default => (ReferenceCodec<TDefault>)CodecCache<TDefault>.Codec;

    public override void WriteBody(WireWriter writer, TInterface value, WriteSession session)
        => throw CodecRegistry.NotSerializable(typeof(TInterface));

    public override TInterface ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
        => (TInterface)(object)Default.ReadBody(reader, session, kind, referenceId);

    protected override void WriteOtherType(WireWriter writer, TInterface value, Type runtimeType, WriteSession session)
    {
        if (runtimeType == typeof(TDefault))
        {
            session.Register(value);
            Default.WriteBody(writer, (TDefault)(object)value, session);
        }
        else if (WireTypes.IsAllowed(runtimeType))
        {
            WritePolymorphic(writer, value, runtimeType, session);
        }
        else
        {
            // The original is registered so later references to it land on the materialized copy.
            session.Register(value);
            Default.WriteBody(writer, Materialize(value), session);
        }
    }

    protected abstract TDefault Materialize(TInterface value);
}

internal sealed class ListInterfaceCodec<TInterface, T> : InterfaceCollectionCodec<TInterface, List<T>>
    where TInterface : class, IEnumerable<T>
{
    protected override List<T> Materialize(TInterface value) => [.. value];
}

internal sealed class SetInterfaceCodec<TInterface, T> : InterfaceCollectionCodec<TInterface, HashSet<T>>
    where TInterface : class, IEnumerable<T>
{
    protected override HashSet<T> Materialize(TInterface value) => [.. value];
}

internal sealed class DictionaryInterfaceCodec<TInterface, TKey, TValue> : InterfaceCollectionCodec<TInterface, Dictionary<TKey, TValue>>
    where TInterface : class, IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    protected override Dictionary<TKey, TValue> Materialize(TInterface value) => new(value);
}
