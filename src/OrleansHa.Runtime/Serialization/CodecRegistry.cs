using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.Serialization;
using Orleans;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Serialization;

/// <summary>Builds and caches one codec per type. Creating a codec never touches another codec, so recursive types are fine.</summary>
internal static class CodecRegistry
{
    private static readonly ConcurrentDictionary<Type, WireCodec> Codecs = new();

    private static readonly Dictionary<Type, WireCodec> Simple = new()
    {
        [typeof(bool)] = new BooleanCodec(),
        [typeof(byte)] = new ByteCodec(),
        [typeof(sbyte)] = new SByteCodec(),
        [typeof(short)] = new Int16Codec(),
        [typeof(ushort)] = new UInt16Codec(),
        [typeof(char)] = new CharCodec(),
        [typeof(int)] = new Int32Codec(),
        [typeof(uint)] = new UInt32Codec(),
        [typeof(long)] = new Int64Codec(),
        [typeof(ulong)] = new UInt64Codec(),
        [typeof(float)] = new SingleCodec(),
        [typeof(double)] = new DoubleCodec(),
        [typeof(decimal)] = new DecimalCodec(),
        [typeof(string)] = new StringCodec(),
        [typeof(DateTime)] = new DateTimeCodec(),
        [typeof(DateTimeOffset)] = new DateTimeOffsetCodec(),
        [typeof(TimeSpan)] = new TimeSpanCodec(),
        [typeof(DateOnly)] = new DateOnlyCodec(),
        [typeof(TimeOnly)] = new TimeOnlyCodec(),
        [typeof(Guid)] = new GuidCodec(),
        [typeof(Uri)] = new UriCodec(),
        [typeof(Version)] = new VersionCodec(),
        [typeof(byte[])] = new ByteArrayCodec(),
        [typeof(ReadOnlyMemory<byte>)] = new ReadOnlyMemoryCodec(),
        [typeof(Memory<byte>)] = new MemoryCodec(),
        [typeof(IdSpan)] = new IdSpanCodec(),
        [typeof(GrainType)] = new GrainTypeCodec(),
        [typeof(GrainId)] = new GrainIdCodec(),
    };

    private static readonly Dictionary<Type, Type> Collections = new()
    {
        [typeof(List<>)] = typeof(ListCodec<>),
        [typeof(HashSet<>)] = typeof(HashSetCodec<>),
        [typeof(Dictionary<,>)] = typeof(DictionaryCodec<,>),
        [typeof(SortedDictionary<,>)] = typeof(SortedDictionaryCodec<,>),
        [typeof(ImmutableArray<>)] = typeof(ImmutableArrayCodec<>),
        [typeof(ImmutableList<>)] = typeof(ImmutableListCodec<>),
        [typeof(ImmutableHashSet<>)] = typeof(ImmutableHashSetCodec<>),
        [typeof(ImmutableDictionary<,>)] = typeof(ImmutableDictionaryCodec<,>),
        [typeof(Nullable<>)] = typeof(NullableCodec<>),
    };

    private static readonly HashSet<Type> ListInterfaces =
        [typeof(IEnumerable<>), typeof(ICollection<>), typeof(IList<>), typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>)];

    private static readonly HashSet<Type> TupleLike =
    [
        typeof(KeyValuePair<,>), typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>), typeof(Tuple<,,,,>),
        typeof(Tuple<,,,,,>), typeof(Tuple<,,,,,,>), typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>),
        typeof(ValueTuple<,,,>), typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>),
    ];

    public static WireCodec Get(Type type) => Codecs.TryGetValue(type, out var codec) ? codec : Codecs.GetOrAdd(type, Create);

    public static SerializationException NotSerializable(Type type)
        => new($"Type '{type}' cannot be serialized: it is neither a built-in type nor marked [GenerateSerializer]. Add [GenerateSerializer] to it and [Id(n)] to each member that should travel.");

    private static WireCodec Create(Type type)
    {
        if (Simple.TryGetValue(type, out var simple))
        {
            return simple;
        }

        if (type.IsEnum)
        {
            return Make(typeof(EnumCodec<>), type);
        }

        if (type.IsArray)
        {
            return type.IsSZArray ? Make(typeof(ArrayCodec<>), type.GetElementType()!) : Make(typeof(UnsupportedCodec<>), type);
        }

        if (type.IsGenericType && !type.ContainsGenericParameters)
        {
            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            if (Collections.TryGetValue(definition, out var collection))
            {
                return Make(collection, arguments);
            }

            if (TupleLike.Contains(definition))
            {
                return Make(type.IsValueType ? typeof(TupleStructCodecFactory<>) : typeof(TupleClassCodecFactory<>), type);
            }

            if (ListInterfaces.Contains(definition))
            {
                return Make(typeof(ListInterfaceCodec<,>), type, arguments[0]);
            }

            if (definition == typeof(ISet<>) || definition == typeof(IReadOnlySet<>))
            {
                return Make(typeof(SetInterfaceCodec<,>), type, arguments[0]);
            }

            if (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            {
                return Make(typeof(DictionaryInterfaceCodec<,,>), type, arguments[0], arguments[1]);
            }
        }

        if (typeof(Exception).IsAssignableFrom(type))
        {
            return Make(typeof(ExceptionCodec<>), type);
        }

        if (!type.IsValueType && !type.IsInterface && AddressableTypes.IsAddressable(type))
        {
            return Make(typeof(GrainReferenceCodec<>), type);
        }

        if (type.IsDefined(typeof(GenerateSerializerAttribute), inherit: false) && !type.ContainsGenericParameters)
        {
            return Make(type.IsValueType ? typeof(AttributeStructCodecFactory<>) : typeof(AttributeClassCodecFactory<>), type);
        }

        return !type.IsValueType && !type.IsSealed && !type.IsPointer && !type.IsByRef
            ? Make(typeof(PolymorphicCodec<>), type)
            : Make(typeof(UnsupportedCodec<>), type);
    }

    private static WireCodec Make(Type open, params Type[] arguments)
    {
        var instance = Activator.CreateInstance(open.MakeGenericType(arguments))!;
        return instance is ICodecFactory factory ? factory.Codec : (WireCodec)instance;
    }
}

internal interface ICodecFactory
{
    WireCodec Codec { get; }
}

internal sealed class AttributeClassCodecFactory<T> : ICodecFactory
    where T : class
{
    public WireCodec Codec { get; } = new ObjectCodec<T>(ObjectPlan<T>.FromAttributes);
}

internal sealed class AttributeStructCodecFactory<T> : ICodecFactory
    where T : struct
{
    public WireCodec Codec { get; } = new StructCodec<T>(ObjectPlan<T>.FromAttributes);
}

internal sealed class TupleClassCodecFactory<T> : ICodecFactory
    where T : class
{
    public WireCodec Codec { get; } = new ObjectCodec<T>(ObjectPlan<T>.FromFields);
}

internal sealed class TupleStructCodecFactory<T> : ICodecFactory
    where T : struct
{
    public WireCodec Codec { get; } = new StructCodec<T>(ObjectPlan<T>.FromFields);
}
