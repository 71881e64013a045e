namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// Deep-copies grain call arguments and results with Orleans' rules, so activations never share mutable
/// state. Passed without copying: primitives, strings, <see cref="decimal"/>, <see cref="DateTime"/>,
/// <see cref="DateTimeOffset"/>, <see cref="TimeSpan"/>, <see cref="Guid"/>, <see cref="Uri"/>,
/// <see cref="Version"/>, <see cref="CancellationToken"/>, enums, structs made only of those,
/// <c>Immutable&lt;T&gt;</c>, sealed classes and structs marked <c>[Immutable]</c>, immutable collections of
/// such elements, exceptions, grain references (anything implementing <c>IAddressable</c>), delegates,
/// reflection objects, tasks, comparers, and members marked <c>[Immutable]</c>. Everything else is copied field by field (not through
/// constructors), keeping shared references and cycles within one copied graph.
/// </summary>
/// <remarks>Thread-safe. Copy plans are built once per type and cached.</remarks>
public sealed class DeepCopier
{
    private DeepCopier()
    {
    }

    /// <summary>The copier (it holds no state of its own).</summary>
    public static DeepCopier Default { get; } = new();

    /// <summary>Whether values of <paramref name="type"/> are passed without copying under Orleans' rules.</summary>
    /// <param name="type">A declared or runtime type.</param>
    /// <returns>True when every value of that type is passed as is.</returns>
    public static bool IsShallowCopyable(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return CopyRules.IsShallow(type);
    }

    /// <summary>Copies a value declared as <typeparamref name="T"/>; allocates nothing when it is passed as is.</summary>
    /// <typeparam name="T">The declared type.</typeparam>
    /// <param name="value">The value to copy.</param>
    /// <returns>The copy, or the same value where the rules say it is not copied.</returns>
    public T Copy<T>(T value)
    {
        if (CopierCache<T>.IsShallow || value is null)
        {
            return value;
        }

        // A value declared as a base type may still be of a type passed as is (a string in an object).
        if (!typeof(T).IsValueType && value.GetType() != typeof(T) && CopyRules.IsShallow(value.GetType()))
        {
            return value;
        }

        var context = CopyContext.Rent();
        try
        {
            return CopierCache<T>.Copy(value, context);
        }
        finally
        {
            CopyContext.Return(context);
        }
    }

    /// <summary>Copies a value by its runtime type.</summary>
    /// <param name="value">The value to copy.</param>
    /// <returns>The copy, or the same value where the rules say it is not copied.</returns>
    public object? Copy(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var runtimeType = value.GetType();
        if (CopyRules.IsShallow(runtimeType))
        {
            return value;
        }

        var context = CopyContext.Rent();
        try
        {
            return CopierRegistry.CopyUntyped(value, runtimeType, context);
        }
        finally
        {
            CopyContext.Return(context);
        }
    }
}
