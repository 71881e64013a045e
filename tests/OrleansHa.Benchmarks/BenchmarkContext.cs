namespace OrleansHa.Benchmarks;

/// <summary>What a suite gets: a scratch folder, a log for progress, and whether to run a short version.</summary>
/// <param name="WorkDirectory">A folder the suite may fill; deleted after the run.</param>
/// <param name="Quick">Smaller sizes, for a smoke run; the table says so.</param>
/// <param name="Log">Progress lines (stderr), so the table on stdout stays clean.</param>
/// <param name="FileSets">A size of the monitor's load given with <c>--file-sets N</c>, for the suites that take one; null for their own.</param>
public sealed record BenchmarkContext(string WorkDirectory, bool Quick, TextWriter Log, int? FileSets = null);
