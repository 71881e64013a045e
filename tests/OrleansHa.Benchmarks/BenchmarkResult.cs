namespace OrleansHa.Benchmarks;

/// <summary>One row of the table.</summary>
/// <param name="Measure">What was measured, e.g. "grain calls/s, 100 callers".</param>
/// <param name="Ours">Our figure.</param>
/// <param name="Baseline">The baseline's figure in the same run, or null where there is none.</param>
/// <param name="Unit">The unit of both figures.</param>
/// <param name="BaselineName">What the baseline is, e.g. "bare Orleans ping grain" or "rsync".</param>
/// <param name="Target">The target as text, e.g. "ratio ≥ 0.5" or "≥ 500,000".</param>
/// <param name="Met">Whether the target was met, or null when it cannot be judged from this row.</param>
public sealed record BenchmarkResult(
    string Measure,
    double Ours,
    double? Baseline,
    string Unit,
    string BaselineName,
    string Target,
    bool? Met)
{
    /// <summary>Ours divided by the baseline.</summary>
    public double? Ratio => Baseline is > 0 ? Ours / Baseline.Value : null;
}
