using OrleansHa.Runtime.Serialization;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// Isolates arguments and results between activations with <see cref="DeepCopier"/>. Values Orleans does not copy
/// (parameters marked [Immutable], immutable types, primitives, strings, grain references, ...) pass as they are.
/// </summary>
internal sealed class ValueCopier
{
    public object?[] CopyArguments(GrainMethod method, object?[] arguments)
    {
        var copy = method.CopiedParameters;
        for (var i = 0; i < arguments.Length; i++)
        {
            if (copy[i])
            {
                arguments[i] = DeepCopier.Default.Copy(arguments[i]);
            }
        }

        return arguments;
    }

    public T CopyResult<T>(T value) => DeepCopier.Default.Copy(value);
}
