using Orleans.Runtime;

namespace OrleansHa.Runtime.Tests.Grains;

/// <summary>No class implements this interface.</summary>
public interface IOrphanGrain : IGrainWithStringKey
{
    /// <summary>Never callable.</summary>
    Task PingAsync();
}

/// <summary>A method that does not return a task: not a valid grain interface.</summary>
public interface IBadReturnGrain : IGrainWithStringKey
{
    /// <summary>Invalid: returns int.</summary>
    int Count();
}

public interface IMissingStorageGrain : IGrainWithStringKey
{
    /// <summary>Never runs: the storage is missing.</summary>
    Task PingAsync();
}

public sealed class MissingStorageGrain([PersistentState("state", "NoSuchStore")] IPersistentState<CounterState> state) : Grain, IMissingStorageGrain
{
    public Task PingAsync() => Task.FromResult(state.State.Total);
}
