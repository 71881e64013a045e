using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace OrleansHa.Runtime.Serialization;

/// <summary>Builds and caches the copier for each runtime type.</summary>
internal static class CopierRegistry
{
    private static readonly ConcurrentDictionary<Type, Copier?> Exact = new();

    /// <summary>Copies a non-null value given its runtime type (shallow types come back as they are).</summary>
    public static object CopyUntyped(object value, Type runtimeType, CopyContext context)
    {
        if (CopyRules.IsShallow(runtimeType))
        {
            return value;
        }

        if (context.TryGetCopy(value, out var existing))
        {
            return existing;
        }

        var copier = Exact.TryGetValue(runtimeType, out var known) ? known : Exact.GetOrAdd(runtimeType, CreateExact);
        return copier!.CopyObject(value, context);
    }

    /// <summary>The copier for values whose runtime type is exactly <paramref name="type"/>; null when shallow.</summary>
    public static Copier? CreateExact(Type type)
    {
        if (CopyRules.IsShallow(type))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.IsSZArray
                ? Make(typeof(ArrayCopier<>), type.GetElementType()!)
                : new MultiDimensionalArrayCopier();
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            var special = definition switch
            {
                _ when definition == typeof(List<>) => typeof(ListCopier<>),
                _ when definition == typeof(Dictionary<,>) => typeof(DictionaryCopier<,>),
                _ when definition == typeof(HashSet<>) => typeof(HashSetCopier<>),
                _ when definition == typeof(ImmutableArray<>) => typeof(ImmutableArrayCopier<>),
                _ when definition == typeof(ImmutableList<>) => typeof(ImmutableListCopier<>),
                _ when definition == typeof(ImmutableHashSet<>) => typeof(ImmutableHashSetCopier<>),
                _ when definition == typeof(ImmutableDictionary<,>) => typeof(ImmutableDictionaryCopier<,>),
                _ when definition == typeof(Nullable<>) => typeof(NullableCopier<>),
                _ => null,
            };
            if (special is not null)
            {
                return Make(special, arguments);
            }
        }

        if (type.IsAbstract || type.IsInterface)
        {
            // Only reached for a declared type: values always arrive through their runtime type.
            return null;
        }

        return type.IsValueType ? Make(typeof(StructCopier<>), type) : Make(typeof(ObjectCopier<>), type);
    }

    private static Copier Make(Type open, params Type[] arguments)
        => (Copier)Activator.CreateInstance(open.MakeGenericType(arguments))!;
}
