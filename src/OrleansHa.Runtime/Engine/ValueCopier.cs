namespace OrleansHa.Runtime.Engine;

/// <summary>
/// Isolates arguments and results between activations. Values Orleans does not copy (parameters marked [Immutable],
/// immutable types, primitives, strings, ...) pass as they are; the rest is deep-copied by the copier set here.
/// </summary>
internal sealed class ValueCopier(Func<object?, object?>? deepCopy)
{
    public object?[] CopyArguments(GrainMethod method, object?[] arguments)
    {
        if (deepCopy is null)
        {
            return arguments;
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if (!method.ImmutableParameters[i])
            {
                arguments[i] = deepCopy(arguments[i]);
            }
        }

        return arguments;
    }

    public T CopyResult<T>(T value) => deepCopy is null || value is null ? value : (T)deepCopy(value)!;
}
