namespace Orleans;

/// <summary>The default <see cref="IGrainState{T}"/>.</summary>
/// <typeparam name="T">The state type.</typeparam>
public class GrainState<T> : IGrainState<T>
{
    /// <summary>Creates an empty state.</summary>
    public GrainState()
    {
        State = default!;
    }

    /// <summary>Creates a state holding a value.</summary>
    public GrainState(T state)
        : this(state, null)
    {
    }

    /// <summary>Creates a state holding a value and an ETag.</summary>
    public GrainState(T state, string? eTag)
    {
        State = state;
        ETag = eTag;
    }

    /// <inheritdoc/>
    public T State { get; set; }

    /// <inheritdoc/>
    public string? ETag { get; set; }

    /// <inheritdoc/>
    public bool RecordExists { get; set; }
}
