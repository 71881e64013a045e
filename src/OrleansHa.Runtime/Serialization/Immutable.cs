namespace Orleans.Concurrency;

/// <summary>
/// Carries a value the sender promises not to mutate, so grain calls pass it without a deep copy.
/// The typical use is a large <c>byte[]</c> argument that neither side changes afterwards.
/// </summary>
/// <typeparam name="T">The wrapped value's type.</typeparam>
/// <param name="value">The value to carry without copying.</param>
[GenerateSerializer, Immutable]
public readonly struct Immutable<T>(T value)
{
    /// <summary>The wrapped value (the same instance the sender wrapped).</summary>
    [Id(0)]
    public readonly T Value = value;
}
