using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// A grain's named state over a storage provider. A missing record reads as a new <typeparamref name="TState"/>;
/// an ETag conflict surfaces as <see cref="InconsistentStateException"/>; any other provider failure reaches the grain
/// wrapped in <see cref="OrleansException"/> naming the state, grain and operation.
/// </summary>
internal sealed class PersistentState<TState>(string stateName, GrainId grainId, IGrainStorage storage)
    : IPersistentState<TState>, IActivationStateParticipant
{
    private readonly GrainState<TState> _record = new(NewState());

    public TState State
    {
        get => _record.State;
        set => _record.State = value;
    }

    public string? Etag => _record.ETag;

    public bool RecordExists => _record.RecordExists;

    public Task ReadStateAsync() => ReadStateAsync(CancellationToken.None);

    public async Task ReadStateAsync(CancellationToken cancellationToken)
    {
        var fresh = new GrainState<TState>(NewState());
        await Run("read", () => storage.ReadStateAsync(stateName, grainId, fresh));
        _record.State = fresh.State is null ? NewState() : fresh.State;
        _record.ETag = fresh.ETag;
        _record.RecordExists = fresh.RecordExists;
    }

    public Task WriteStateAsync() => WriteStateAsync(CancellationToken.None);

    public Task WriteStateAsync(CancellationToken cancellationToken) => Run("write", () => storage.WriteStateAsync(stateName, grainId, _record));

    public Task ClearStateAsync() => ClearStateAsync(CancellationToken.None);

    public async Task ClearStateAsync(CancellationToken cancellationToken)
    {
        await Run("clear", () => storage.ClearStateAsync(stateName, grainId, _record));
        _record.State = NewState();
        _record.RecordExists = false;
    }

    private static TState NewState()
    {
        var type = typeof(TState);
        if (type.IsValueType || type == typeof(string))
        {
            return default!;
        }

        return type.GetConstructor(Type.EmptyTypes) is not null
            ? Activator.CreateInstance<TState>()
            : throw new InvalidOperationException($"State type {type.FullName} needs a public parameterless constructor.");
    }

    private async Task Run(string operation, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception) when (exception is not InconsistentStateException and not OrleansException and not OperationCanceledException)
        {
            throw new OrleansException($"Failed to {operation} state '{stateName}' of grain {grainId} with {storage.GetType().Name}: {exception.Message}", exception);
        }
    }
}
