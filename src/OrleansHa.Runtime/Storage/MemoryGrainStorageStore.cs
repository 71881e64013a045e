using System.Globalization;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansHa.Runtime.Storage;

/// <summary>The records of every memory storage provider in a silo (or, in the test cluster, across its restarts).</summary>
public sealed class MemoryGrainStorageStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Provider, string State, GrainId Grain), Record> _records = [];
    private long _version;

    internal bool TryRead(string provider, string stateName, GrainId grainId, out Record record)
    {
        lock (_lock)
        {
            return _records.TryGetValue((provider, stateName, grainId), out record!);
        }
    }

    internal string Write(string provider, string stateName, GrainId grainId, string? expectedETag, byte[] json)
    {
        lock (_lock)
        {
            Check(provider, stateName, grainId, expectedETag, "write");
            var etag = (++_version).ToString(CultureInfo.InvariantCulture);
            _records[(provider, stateName, grainId)] = new Record(json, etag);
            return etag;
        }
    }

    internal void Clear(string provider, string stateName, GrainId grainId, string? expectedETag)
    {
        lock (_lock)
        {
            Check(provider, stateName, grainId, expectedETag, "clear");
            _records.Remove((provider, stateName, grainId));
        }
    }

    private void Check(string provider, string stateName, GrainId grainId, string? expectedETag, string operation)
    {
        var stored = _records.TryGetValue((provider, stateName, grainId), out var record) ? record.ETag : null;
        if (stored != expectedETag)
        {
            throw new InconsistentStateException(
                $"Cannot {operation} state '{stateName}' of grain {grainId} in memory storage '{provider}': the stored ETag is {stored ?? "(none)"} but the grain holds {expectedETag ?? "(none)"}; another writer changed it.",
                stored,
                expectedETag);
        }
    }

    internal sealed record Record(byte[] Json, string ETag);
}
