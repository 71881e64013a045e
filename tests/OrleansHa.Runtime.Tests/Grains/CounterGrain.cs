using Orleans.Runtime;

namespace OrleansHa.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds and persists; returns the new total.</summary>
    Task<int> AddAsync(int amount);

    /// <summary>The persisted total.</summary>
    ValueTask<int> GetAsync();

    /// <summary>The ETag the grain holds.</summary>
    Task<string?> GetEtagAsync();

    /// <summary>Clears the state.</summary>
    Task ClearAsync();
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Total { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> AddAsync(int amount)
    {
        state.State.Total += amount;
        await state.WriteStateAsync();
        return state.State.Total;
    }

    public ValueTask<int> GetAsync() => ValueTask.FromResult(state.State.Total);

    public Task<string?> GetEtagAsync() => Task.FromResult(state.Etag);

    public Task ClearAsync() => state.ClearStateAsync();
}
