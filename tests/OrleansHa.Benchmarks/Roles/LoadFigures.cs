namespace OrleansHa.Benchmarks.Roles;

/// <summary>What a load run measured.</summary>
/// <param name="EntriesPerSecond">Acknowledged entries per second over the run.</param>
/// <param name="LongestGap">The longest time in which no system acknowledged an append.</param>
/// <param name="Refusals">Appends refused (and sent again).</param>
/// <param name="Accepted">Every acknowledged batch.</param>
/// <param name="SwapTook">How long the swap call took; zero without one.</param>
internal sealed record LoadFigures(double EntriesPerSecond, TimeSpan LongestGap, int Refusals, IReadOnlyList<AcceptedBatch> Accepted, TimeSpan SwapTook);
