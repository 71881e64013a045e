using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.Serialization;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// Names of types on the wire and the allow-list applied when reading them. A type is named by its
/// short built-in name, else its <c>[Alias]</c>, else <c>Full.Name,AssemblySimpleName</c>. Reading
/// resolves only built-ins, enums, <c>[GenerateSerializer]</c> types, exceptions and grain interfaces,
/// and only from assemblies already loaded: a message can never make us load or build anything else.
/// </summary>
internal static partial class WireTypes
{
    private static readonly Dictionary<string, Type> BuiltInByName = new(StringComparer.Ordinal);
    private static readonly Dictionary<Type, string> BuiltInNames = [];
    private static readonly ConcurrentDictionary<Type, bool> Allowed = new();
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    static WireTypes()
    {
        Type[] builtIns =
        [
            typeof(object), typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int),
            typeof(uint), typeof(long), typeof(ulong), typeof(char), typeof(float), typeof(double), typeof(decimal),
            typeof(string), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid), typeof(Uri),
            typeof(Version), typeof(DateOnly), typeof(TimeOnly), typeof(GrainId), typeof(GrainType), typeof(IdSpan),
            typeof(Nullable<>), typeof(List<>), typeof(Dictionary<,>), typeof(HashSet<>), typeof(SortedDictionary<,>),
            typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableHashSet<>), typeof(ImmutableDictionary<,>),
            typeof(KeyValuePair<,>), typeof(ReadOnlyMemory<>), typeof(Memory<>), typeof(Immutable<>),
            typeof(IEnumerable<>), typeof(ICollection<>), typeof(IList<>), typeof(IReadOnlyList<>),
            typeof(IReadOnlyCollection<>), typeof(IDictionary<,>), typeof(IReadOnlyDictionary<,>), typeof(ISet<>),
            typeof(IReadOnlySet<>),
            typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>), typeof(Tuple<,,,,>),
            typeof(Tuple<,,,,,>), typeof(Tuple<,,,,,,>),
            typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>),
            typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>),
        ];
        foreach (var type in builtIns)
        {
            var name = type.Name;
            BuiltInByName.Add(name, type);
            BuiltInNames.Add(type, name);
        }
    }

    /// <summary>Whether values of <paramref name="type"/> may be named in a message we read.</summary>
    public static bool IsAllowed(Type type) => Allowed.TryGetValue(type, out var known) ? known : Allowed.GetOrAdd(type, ComputeAllowed);

    /// <summary>Writes the spec of <paramref name="type"/>, or a back-reference to it when already written in this message.</summary>
    public static void WriteTypeSpec(WireWriter writer, Type type, WriteSession session)
    {
        if (session.TypeIds.TryGetValue(type, out var id))
        {
            writer.WriteVarUInt32((uint)id + 1);
            return;
        }

        writer.WriteVarUInt32(0);
        Type[] arguments;
        string name;
        if (type.IsArray)
        {
            name = "[]";
            arguments = [type.GetElementType()!];
        }
        else if (type.IsGenericType)
        {
            name = NameOf(type.GetGenericTypeDefinition());
            arguments = type.GetGenericArguments();
        }
        else
        {
            name = NameOf(type);
            arguments = [];
        }

        WriteName(writer, name);
        writer.WriteVarUInt32((uint)arguments.Length);
        foreach (var argument in arguments)
        {
            WriteTypeSpec(writer, argument, session);
        }

        session.TypeIds[type] = session.TypeIds.Count;
    }

    public static WireTypeSpec ReadTypeSpec(WireReader reader, ReadSession session, int depth = 0)
    {
        if (depth > 32)
        {
            throw new SerializationException("The data is not valid: a type name nests more than 32 levels of type arguments.");
        }

        var index = reader.ReadVarUInt32();
        if (index > 0)
        {
            return index <= (uint)session.TypeSpecs.Count
                ? session.TypeSpecs[(int)index - 1]
                : throw new SerializationException($"The data is not valid: type reference {index - 1} points past the {session.TypeSpecs.Count} types named so far.");
        }

        var name = reader.ReadStringPayload();
        var count = reader.ReadCount();
        var arguments = new WireTypeSpec[count];
        for (var i = 0; i < count; i++)
        {
            arguments[i] = ReadTypeSpec(reader, session, depth + 1);
        }

        var spec = new WireTypeSpec(name, arguments);
        session.TypeSpecs.Add(spec);
        return spec;
    }

    /// <summary>Resolves a spec to an allowed type, or throws naming it.</summary>
    public static Type Resolve(WireTypeSpec spec, Type? expected)
    {
        if (spec.Resolved is not null)
        {
            return spec.Resolved;
        }

        Type type;
        if (spec.Name == "[]")
        {
            type = spec.Arguments.Length == 1
                ? Resolve(spec.Arguments[0], null).MakeArrayType()
                : throw new SerializationException($"The data is not valid: array type '{spec}' needs one element type.");
        }
        else
        {
            var named = ResolveName(spec.Name, expected, spec.Arguments.Length)
                ?? throw new SerializationException($"Type '{spec}' named in the data is unknown here: no loaded assembly declares it as a [GenerateSerializer] type or an [Alias].");
            if (spec.Arguments.Length > 0)
            {
                var arguments = spec.Arguments.Select(a => Resolve(a, null)).ToArray();
                try
                {
                    type = named.MakeGenericType(arguments);
                }
                catch (ArgumentException e)
                {
                    throw new SerializationException($"The data names type '{spec}', which cannot be constructed: {e.Message}", e);
                }
            }
            else
            {
                type = named;
            }
        }

        if (!IsAllowed(type))
        {
            throw new SerializationException(
                $"Type '{type}' named in the data is not allowed: only built-in types, enums, types marked [GenerateSerializer], exceptions and grain interfaces are read.");
        }

        spec.Resolved = type;
        return type;
    }

    private static void WriteName(WireWriter writer, string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        writer.WriteVarUInt32((uint)bytes.Length);
        bytes.CopyTo(writer.GetSpan(bytes.Length));
    }

    /// <summary>The wire name of a non-generic type or a generic type definition.</summary>
    public static string NameOf(Type type) => Names.GetOrAdd(type, static t =>
        BuiltInNames.TryGetValue(t, out var builtIn) ? builtIn
        : AliasOf(t) ?? $"{t.FullName},{t.Assembly.GetName().Name}");

    private static bool ComputeAllowed(Type type)
    {
        if (type.IsArray)
        {
            return type.IsSZArray && IsAllowed(type.GetElementType()!);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            return IsAllowedDefinition(type.GetGenericTypeDefinition()) && type.GetGenericArguments().All(IsAllowed);
        }

        return IsAllowedDefinition(type);
    }

    private static bool IsAllowedDefinition(Type type)
        => BuiltInNames.ContainsKey(type)
            || type.IsEnum
            || type.IsDefined(typeof(GenerateSerializerAttribute), inherit: false)
            || typeof(Exception).IsAssignableFrom(type)
            || (type.IsInterface && AddressableTypes.IsAddressable(type));
}
