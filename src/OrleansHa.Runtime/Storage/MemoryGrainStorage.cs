using System.Text.Json;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansHa.Runtime.Storage;

/// <summary>
/// Grain storage in memory (tests), with ETag checks. State is kept as JSON, so readers and writers never share objects;
/// records live in a <see cref="MemoryGrainStorageStore"/>, which the test cluster keeps across silo restarts.
/// </summary>
public sealed class MemoryGrainStorage(string name, MemoryGrainStorageStore store) : IGrainStorage
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true };

    /// <inheritdoc/>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (store.TryRead(name, stateName, grainId, out var record))
        {
            grainState.State = JsonSerializer.Deserialize<T>(record.Json, Json)!;
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var json = JsonSerializer.SerializeToUtf8Bytes(grainState.State, Json);
        grainState.ETag = store.Write(name, stateName, grainId, grainState.ETag, json);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        store.Clear(name, stateName, grainId, grainState.ETag);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
