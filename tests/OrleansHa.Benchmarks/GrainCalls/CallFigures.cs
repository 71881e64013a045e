namespace OrleansHa.Benchmarks.GrainCalls;

/// <summary>What one path did under load over all its runs: calls per second and latency percentiles.</summary>
/// <param name="CallsPerSecond">The median of the runs' rates.</param>
/// <param name="P50">Median latency over every call of every run, in milliseconds.</param>
/// <param name="P99">99th percentile latency over every call of every run, in milliseconds.</param>
/// <param name="Calls">How many calls the percentiles rest on.</param>
internal sealed record CallFigures(double CallsPerSecond, double P50, double P99, long Calls)
{
    /// <summary>Combines runs: rates by their median (a busy neighbour in one run does not drag it), latencies pooled.</summary>
    public static CallFigures From(IReadOnlyList<CallRun> runs)
    {
        var rates = runs.Select(r => r.CallsPerSecond).Order().ToList();
        var all = runs.SelectMany(r => r.Latencies).Order().ToList();
        return new CallFigures(rates[rates.Count / 2], Percentile(all, 0.50), Percentile(all, 0.99), all.Count);
    }

    private static double Percentile(List<double> sorted, double p)
        => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))];
}
