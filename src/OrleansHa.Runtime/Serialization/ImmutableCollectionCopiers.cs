using System.Collections.Immutable;

namespace OrleansHa.Runtime.Serialization;

// Immutable collections of shallow elements are passed as is (CopyRules); these copy the elements
// of the others. The collection can only be built after its elements, so it is registered last.

internal sealed class ImmutableArrayCopier<T> : Copier<ImmutableArray<T>>
{
    public override ImmutableArray<T> CopyExact(ImmutableArray<T> value, CopyContext context)
        => value.IsDefault ? value : ImmutableArray.CreateRange(value, static (item, c) => CopierCache<T>.Copy(item, c), context);
}

internal sealed class ImmutableListCopier<T> : Copier<ImmutableList<T>>
{
    public override ImmutableList<T> CopyExact(ImmutableList<T> value, CopyContext context)
    {
        var builder = ImmutableList.CreateBuilder<T>();
        foreach (var item in value)
        {
            builder.Add(CopierCache<T>.Copy(item, context));
        }

        var copy = builder.ToImmutable();
        context.Register(value, copy);
        return copy;
    }
}

internal sealed class ImmutableHashSetCopier<T> : Copier<ImmutableHashSet<T>>
{
    public override ImmutableHashSet<T> CopyExact(ImmutableHashSet<T> value, CopyContext context)
    {
        var builder = ImmutableHashSet.CreateBuilder(value.KeyComparer);
        foreach (var item in value)
        {
            builder.Add(CopierCache<T>.Copy(item, context));
        }

        var copy = builder.ToImmutable();
        context.Register(value, copy);
        return copy;
    }
}

internal sealed class ImmutableDictionaryCopier<TKey, TValue> : Copier<ImmutableDictionary<TKey, TValue>>
    where TKey : notnull
{
    public override ImmutableDictionary<TKey, TValue> CopyExact(ImmutableDictionary<TKey, TValue> value, CopyContext context)
    {
        var builder = ImmutableDictionary.CreateBuilder(value.KeyComparer, value.ValueComparer);
        foreach (var (key, item) in value)
        {
            builder.Add(CopierCache<TKey>.Copy(key, context), CopierCache<TValue>.Copy(item, context));
        }

        var copy = builder.ToImmutable();
        context.Register(value, copy);
        return copy;
    }
}
