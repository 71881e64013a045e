using System.Runtime.CompilerServices;

namespace OrleansHa.Runtime.Serialization;

/// <summary>Copies values of one exact runtime type (untyped entry point, for values reached through a base type).</summary>
internal abstract class Copier
{
    /// <summary>Copies <paramref name="value"/>, whose runtime type is exactly this copier's type.</summary>
    public abstract object CopyObject(object value, CopyContext context);
}

/// <summary>Copies values of type <typeparamref name="T"/>.</summary>
internal abstract class Copier<T> : Copier
{
    /// <summary>Copies a value; for reference types the value is not null and its runtime type is exactly <typeparamref name="T"/>.</summary>
    public abstract T CopyExact(T value, CopyContext context);

    public override object CopyObject(object value, CopyContext context) => CopyExact((T)value, context)!;
}

/// <summary>Per-type cache of the copy plan: the JIT folds <see cref="IsShallow"/> into each caller.</summary>
internal static class CopierCache<T>
{
    public static readonly bool IsShallow = CopyRules.IsShallow(typeof(T));

    /// <summary>The copier for values of exactly <typeparamref name="T"/>, when it is typed (multi-dimensional arrays are not).</summary>
    public static readonly Copier<T>? Exact = IsShallow ? null : CopierRegistry.CreateExact(typeof(T)) as Copier<T>;

    /// <summary>Copies a value declared as <typeparamref name="T"/>: the entry point compiled field plans call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Copy(T value, CopyContext context)
    {
        if (IsShallow)
        {
            return value;
        }

        if (typeof(T).IsValueType)
        {
            return Exact!.CopyExact(value, context);
        }

        return CopyReference(value, context);
    }

    private static T CopyReference(T value, CopyContext context)
    {
        if (value is null)
        {
            return value;
        }

        object original = value;
        if (context.TryGetCopy(original, out var existing))
        {
            return (T)existing;
        }

        var runtimeType = original.GetType();
        if (runtimeType == typeof(T) && Exact is not null)
        {
            return Exact.CopyExact(value, context);
        }

        return (T)CopierRegistry.CopyUntyped(original, runtimeType, context);
    }
}
