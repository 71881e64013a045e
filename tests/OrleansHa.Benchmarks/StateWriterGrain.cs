namespace OrleansHa.Benchmarks;

/// <summary>Writes its state through <see cref="IPersistentState{TState}"/> (the default provider) on every call.</summary>
public sealed class StateWriterGrain([PersistentState("state")] IPersistentState<BenchmarkState> state) : Grain, IStateWriterGrain
{
    /// <inheritdoc />
    public async Task<long> WriteAsync()
    {
        state.State.Counter++;
        await state.WriteStateAsync();
        return state.State.Counter;
    }
}
