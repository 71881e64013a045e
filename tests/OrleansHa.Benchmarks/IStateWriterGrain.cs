namespace OrleansHa.Benchmarks;

/// <summary>A grain that changes and writes its persistent state on every call (storage benchmark).</summary>
[Alias("orleansha.bench.state-writer-grain")]
public interface IStateWriterGrain : IGrainWithStringKey
{
    /// <summary>Bumps the counter and writes the state; returns the counter.</summary>
    Task<long> WriteAsync();
}
