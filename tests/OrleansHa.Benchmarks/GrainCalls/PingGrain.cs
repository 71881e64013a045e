namespace OrleansHa.Benchmarks.GrainCalls;

/// <summary>Answers at once: what a grain call costs in Orleans itself.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    /// <inheritdoc />
    public Task<long> PingAsync(long value) => Task.FromResult(value);
}
