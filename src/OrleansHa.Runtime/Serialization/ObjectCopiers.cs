using System.Reflection;

namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// Copies a class: a memberwise clone (which also carries init-only and readonly members, without
/// running constructors), registered before its members so cycles close, then a deep copy of each
/// member that is not passed as is.
/// </summary>
internal sealed class ObjectCopier<T> : Copier<T>
    where T : class
{
    private static readonly Func<object, object> Clone = typeof(object)
        .GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!
        .CreateDelegate<Func<object, object>>();

    private readonly Lazy<FieldFixup<T>?> _fixup = new(
        () => IlAccessors.BuildFixup<T>(CopyRules.DeepFields(typeof(T))), LazyThreadSafetyMode.PublicationOnly);

    public override T CopyExact(T value, CopyContext context)
    {
        var copy = (T)Clone(value);
        context.Register(value, copy);
        _fixup.Value?.Invoke(ref copy, context);
        return copy;
    }
}

/// <summary>Copies a struct that holds deep members: the struct is copied by value, then those members in place.</summary>
internal sealed class StructCopier<T> : Copier<T>
    where T : struct
{
    private readonly Lazy<FieldFixup<T>?> _fixup = new(
        () => IlAccessors.BuildFixup<T>(CopyRules.DeepFields(typeof(T))), LazyThreadSafetyMode.PublicationOnly);

    public override T CopyExact(T value, CopyContext context)
    {
        var copy = value;
        _fixup.Value?.Invoke(ref copy, context);
        return copy;
    }
}

/// <summary>Copies a nullable struct whose underlying type holds deep members.</summary>
internal sealed class NullableCopier<T> : Copier<T?>
    where T : struct
{
    public override T? CopyExact(T? value, CopyContext context)
        => value.HasValue ? CopierCache<T>.Copy(value.GetValueOrDefault(), context) : null;
}
