using Orleans.Runtime;

namespace OrleansHa.Runtime.Tests.Grains;

/// <summary>Reports what its persistent state held when OnActivateAsync ran.</summary>
public interface IActivationStateGrain : IGrainWithStringKey
{
    /// <summary><c>{total}:{recordExists}:{etag is set}</c> as seen by OnActivateAsync.</summary>
    Task<string> GetSeenOnActivationAsync();
}

public sealed class ActivationStateGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, IActivationStateGrain
{
    private string _seen = "OnActivateAsync did not run";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _seen = $"{state.State.Total}:{state.RecordExists}:{state.Etag is not null}";
        return Task.CompletedTask;
    }

    public Task<string> GetSeenOnActivationAsync() => Task.FromResult(_seen);
}
