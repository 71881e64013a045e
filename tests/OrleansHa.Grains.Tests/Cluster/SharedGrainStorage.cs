using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansHa.Grains.Tests.Cluster;

/// <summary>
/// Grain storage that every silo of an in-process test cluster shares and that outlives any one of them, as Azure
/// Blob storage is for a system of several silos: Orleans' memory storage is itself a grain, lost with the silo that
/// hosts it. States are kept serialized (each read is a fresh copy) with an ETag per grain, and a write or clear whose
/// ETag is not the stored one fails with <see cref="InconsistentStateException"/>, as the Azure provider's does.
/// </summary>
public sealed class SharedGrainStorage(SharedGrainStorage.Store store, Serializer serializer) : IGrainStorage
{
    /// <summary>Adds the shared storage as the silo's default provider.</summary>
    public static void Add(ISiloBuilder silo, Store store)
        => silo.Services.AddGrainStorage("Default", (services, _) => new SharedGrainStorage(store, services.GetRequiredService<Serializer>()));

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (store.Rows.TryGetValue((stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (store.Lock)
        {
            Check(stateName, grainId, grainState.ETag);
            var etag = Interlocked.Increment(ref store.Version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            store.Rows[(stateName, grainId)] = new Row(serializer.SerializeToArray(grainState.State), etag);
            store.Writes.Enqueue((grainId, etag));
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (store.Lock)
        {
            Check(stateName, grainId, grainState.ETag);
            store.Rows.TryRemove((stateName, grainId), out _);
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    private void Check(string stateName, GrainId grainId, string? etag)
    {
        var stored = store.Rows.TryGetValue((stateName, grainId), out var row) ? row.ETag : null;
        if (stored != etag)
        {
            throw new InconsistentStateException($"The state '{stateName}' of {grainId} was written by another activation (stored ETag {stored ?? "none"}, this one has {etag ?? "none"}).", stored, etag);
        }
    }

    /// <summary>The rows, shared by the silos of one test cluster.</summary>
    public sealed class Store
    {
        internal readonly Lock Lock = new();
        internal long Version;

        internal ConcurrentDictionary<(string State, GrainId Grain), Row> Rows { get; } = new();

        /// <summary>Every write that succeeded, in order, with the ETag it stored.</summary>
        public ConcurrentQueue<(GrainId Grain, string ETag)> Writes { get; } = new();

        /// <summary>Gives a stored state a new ETag, as another activation's write would: the grain's next write fails.</summary>
        public void Touch(string stateName, IAddressable grain)
        {
            lock (Lock)
            {
                var key = (stateName, grain.GetGrainId());
                Rows[key] = Rows[key] with { ETag = Interlocked.Increment(ref Version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }
        }
    }

    internal sealed record Row(byte[] Data, string ETag);
}
