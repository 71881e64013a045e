using Orleans;
using Orleans.Concurrency;

namespace OrleansHa.Benchmarks.Gateway;

/// <summary>Answers at once; reentrant so 100 callers on a handful of keys measure the gateway rather than queueing.</summary>
[Reentrant]
public sealed class GatewayBenchGrain : Grain, IGatewayBenchGrain
{
    /// <inheritdoc/>
    public Task<int> AddAsync(int left, int right) => Task.FromResult(left + right);

    /// <inheritdoc/>
    public Task<int> LengthAsync(byte[] payload) => Task.FromResult(payload.Length);
}
