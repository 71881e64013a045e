namespace OrleansHa.Runtime.Serialization;

/// <summary>Copies a one-dimensional array: a block copy when elements are passed as is, else element by element.</summary>
internal sealed class ArrayCopier<T> : Copier<T[]>
{
    public override T[] CopyExact(T[] value, CopyContext context)
    {
        if (CopierCache<T>.IsShallow)
        {
            var clone = (T[])value.Clone();
            context.Register(value, clone);
            return clone;
        }

        var copy = new T[value.Length];
        context.Register(value, copy);
        for (var i = 0; i < value.Length; i++)
        {
            copy[i] = CopierCache<T>.Copy(value[i], context);
        }

        return copy;
    }
}

/// <summary>Copies a multi-dimensional array (rare: handled untyped).</summary>
internal sealed class MultiDimensionalArrayCopier : Copier
{
    public override object CopyObject(object value, CopyContext context)
    {
        var source = (Array)value;
        var copy = (Array)source.Clone();
        context.Register(source, copy);
        if (CopyRules.IsShallow(source.GetType().GetElementType()!))
        {
            return copy;
        }

        var indices = new int[source.Rank];
        for (var dimension = 0; dimension < indices.Length; dimension++)
        {
            indices[dimension] = source.GetLowerBound(dimension);
        }

        foreach (var element in source)
        {
            if (element is not null)
            {
                copy.SetValue(CopierRegistry.CopyUntyped(element, element.GetType(), context), indices);
            }

            Advance(source, indices);
        }

        return copy;
    }

    private static void Advance(Array array, int[] indices)
    {
        for (var dimension = indices.Length - 1; dimension >= 0; dimension--)
        {
            if (++indices[dimension] <= array.GetUpperBound(dimension))
            {
                return;
            }

            indices[dimension] = array.GetLowerBound(dimension);
        }
    }
}

internal sealed class ListCopier<T> : Copier<List<T>>
{
    public override List<T> CopyExact(List<T> value, CopyContext context)
    {
        if (CopierCache<T>.IsShallow)
        {
            var clone = new List<T>(value);
            context.Register(value, clone);
            return clone;
        }

        var copy = new List<T>(value.Count);
        context.Register(value, copy);
        foreach (var item in value)
        {
            copy.Add(CopierCache<T>.Copy(item, context));
        }

        return copy;
    }
}

/// <summary>Copies a dictionary with the same comparer (comparers are passed as is).</summary>
internal sealed class DictionaryCopier<TKey, TValue> : Copier<Dictionary<TKey, TValue>>
    where TKey : notnull
{
    public override Dictionary<TKey, TValue> CopyExact(Dictionary<TKey, TValue> value, CopyContext context)
    {
        if (CopierCache<TKey>.IsShallow && CopierCache<TValue>.IsShallow)
        {
            var clone = new Dictionary<TKey, TValue>(value, value.Comparer);
            context.Register(value, clone);
            return clone;
        }

        var copy = new Dictionary<TKey, TValue>(value.Count, value.Comparer);
        context.Register(value, copy);
        foreach (var (key, item) in value)
        {
            copy.Add(CopierCache<TKey>.Copy(key, context), CopierCache<TValue>.Copy(item, context));
        }

        return copy;
    }
}

internal sealed class HashSetCopier<T> : Copier<HashSet<T>>
{
    public override HashSet<T> CopyExact(HashSet<T> value, CopyContext context)
    {
        if (CopierCache<T>.IsShallow)
        {
            var clone = new HashSet<T>(value, value.Comparer);
            context.Register(value, clone);
            return clone;
        }

        var copy = new HashSet<T>(value.Comparer);
        context.Register(value, copy);
        foreach (var item in value)
        {
            copy.Add(CopierCache<T>.Copy(item, context));
        }

        return copy;
    }
}
