namespace Orleans.Core;

/// <summary>A grain's persisted record with its state value.</summary>
/// <typeparam name="TState">The state type.</typeparam>
public interface IStorage<TState> : IStorage
{
    /// <summary>The state.</summary>
    TState State { get; set; }
}
