namespace Orleans.Concurrency;

/// <summary>Adds <see cref="AsImmutable{T}(T)"/> to every value.</summary>
public static class ImmutableExtensions
{
    /// <summary>Wraps <paramref name="value"/> in <see cref="Immutable{T}"/>, so grain calls pass it without a copy.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value to wrap.</param>
    /// <returns>The wrapper around the same instance.</returns>
    public static Immutable<T> AsImmutable<T>(this T value) => new(value);
}
