using Orleans;
using Orleans.Runtime;

namespace OrleansHa.Benchmarks;

/// <summary>Writes its state through <see cref="IPersistentState{TState}"/> on every call.</summary>
public sealed class StateWriterGrain([PersistentState("state")] IPersistentState<BenchmarkState> state) : Grain, IStateWriterGrain
{
    public async Task<long> WriteAsync()
    {
        state.State.Counter++;
        await state.WriteStateAsync();
        return state.State.Counter;
    }
}
