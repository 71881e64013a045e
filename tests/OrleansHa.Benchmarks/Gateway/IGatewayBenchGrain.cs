using Orleans;

namespace OrleansHa.Benchmarks.Gateway;

/// <summary>The benchmark's grain: a small call and a bulk call, so the figures measure the gateway, not grain work.</summary>
public interface IGatewayBenchGrain : IGrainWithIntegerKey
{
    /// <summary>Adds two numbers (a small call).</summary>
    Task<int> AddAsync(int left, int right);

    /// <summary>Returns the payload's length (a bulk call).</summary>
    Task<int> LengthAsync(byte[] payload);
}
