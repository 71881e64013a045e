using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Orleans;
using Orleans.Concurrency;

namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// Orleans' rules for what a grain call passes without copying. Results are cached per type.
/// </summary>
internal static class CopyRules
{
    private static readonly ConcurrentDictionary<Type, bool> Cache = new();

    private static readonly HashSet<Type> Shallow =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan),
        typeof(Guid), typeof(Uri), typeof(Version), typeof(CancellationToken), typeof(DateOnly), typeof(TimeOnly),
        typeof(Half), typeof(Int128), typeof(UInt128),
    ];

    private static readonly HashSet<Type> ShallowWhenArgumentsAre =
    [
        typeof(Nullable<>), typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableHashSet<>),
        typeof(ImmutableDictionary<,>), typeof(ImmutableSortedDictionary<,>), typeof(ImmutableSortedSet<>),
        typeof(ImmutableQueue<>), typeof(ImmutableStack<>), typeof(KeyValuePair<,>),
    ];

    /// <summary>True when a value whose runtime type is <paramref name="type"/> is passed as is.</summary>
    public static bool IsShallow(Type type) => Cache.TryGetValue(type, out var known) ? known : Cache.GetOrAdd(type, Compute);

    /// <summary>
    /// The fields a copy must replace: every instance field whose type is not passed as is, except members
    /// marked [Immutable] (on the field, or on the auto-property it backs), which Orleans shares as they are.
    /// </summary>
    public static IReadOnlyList<FieldInfo> DeepFields(Type type)
        => IlAccessors.AllInstanceFields(type).Where(f => !IsShallow(f.FieldType) && !IsMarkedImmutable(f)).ToList();

    private static bool IsMarkedImmutable(FieldInfo field)
    {
        if (field.IsDefined(typeof(ImmutableAttribute), inherit: false))
        {
            return true;
        }

        const string Suffix = ">k__BackingField";
        if (field.Name.StartsWith('<') && field.Name.EndsWith(Suffix, StringComparison.Ordinal))
        {
            var propertyName = field.Name[1..^Suffix.Length];
            var property = field.DeclaringType!.GetProperty(propertyName, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            return property?.IsDefined(typeof(ImmutableAttribute), inherit: false) == true;
        }

        return false;
    }

    private static bool Compute(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type.IsPointer || type.IsFunctionPointer || Shallow.Contains(type))
        {
            return true;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(Immutable<>))
            {
                return true;
            }

            if (ShallowWhenArgumentsAre.Contains(definition))
            {
                return type.GetGenericArguments().All(IsShallow);
            }
        }

        if (type.IsArray)
        {
            return false;
        }

        // [Immutable] counts on a type only when no subclass can add mutable state.
        if ((type.IsSealed || type.IsValueType) && type.IsDefined(typeof(ImmutableAttribute), inherit: false))
        {
            return true;
        }

        if (IsPassThrough(type))
        {
            return true;
        }

        if (type.IsValueType)
        {
            // A struct made only of values that are themselves passed as is.
            return type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .All(f => IsShallow(f.FieldType));
        }

        return false;
    }

    /// <summary>
    /// Reference types passed as they are although they are not data: exceptions (Orleans passes them
    /// through), grain references, delegates, reflection objects, tasks and comparers (copying a
    /// comparer would break collections that compare it with the default instance).
    /// </summary>
    private static bool IsPassThrough(Type type)
        => typeof(Exception).IsAssignableFrom(type)
            || typeof(Delegate).IsAssignableFrom(type)
            || typeof(MemberInfo).IsAssignableFrom(type)
            || typeof(Assembly).IsAssignableFrom(type)
            || typeof(Module).IsAssignableFrom(type)
            || typeof(Task).IsAssignableFrom(type)
            || (!type.IsDefined(typeof(GenerateSerializerAttribute), inherit: false) && IsComparer(type))
            || (!type.IsValueType && AddressableTypes.IsAddressable(type));

    private static bool IsComparer(Type type)
        => typeof(IEqualityComparer).IsAssignableFrom(type)
            || typeof(IComparer).IsAssignableFrom(type)
            || type.GetInterfaces().Any(i => i.IsGenericType
                && (i.GetGenericTypeDefinition() == typeof(IEqualityComparer<>) || i.GetGenericTypeDefinition() == typeof(IComparer<>)));
}
