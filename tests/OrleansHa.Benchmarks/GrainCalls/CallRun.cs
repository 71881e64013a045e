namespace OrleansHa.Benchmarks.GrainCalls;

/// <summary>One timed run of one path.</summary>
/// <param name="CallsPerSecond">Completed calls per second over the run.</param>
/// <param name="Latencies">Every call's latency, in milliseconds.</param>
internal sealed record CallRun(double CallsPerSecond, double[] Latencies);
