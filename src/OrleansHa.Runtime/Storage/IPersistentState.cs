using Orleans.Core;

namespace Orleans.Runtime;

/// <summary>A named persistent state injected into a grain's constructor with <see cref="PersistentStateAttribute"/>.</summary>
/// <typeparam name="TState">The state type.</typeparam>
public interface IPersistentState<TState> : IStorage<TState>
{
}
