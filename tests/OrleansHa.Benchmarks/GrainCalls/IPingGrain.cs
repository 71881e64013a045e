namespace OrleansHa.Benchmarks.GrainCalls;

/// <summary>The bare Orleans call the grain suite compares our paths with: no state, no storage, no checks.</summary>
[Alias("orleansha.bench.ping-grain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns <paramref name="value"/>.</summary>
    Task<long> PingAsync(long value);
}
