namespace OrleansHa.Benchmarks;

/// <summary>
/// One area's benchmarks. Suites are found by reflection: add a class, and it joins the table.
/// Each suite measures ours beside a baseline in the same run, since absolute times drift on shared machines.
/// </summary>
public interface IBenchmarkSuite
{
    /// <summary>The name used on the command line (e.g. <c>storage</c>).</summary>
    string Name { get; }

    /// <summary>One line on what is measured.</summary>
    string Description { get; }

    /// <summary>A line printed under the table: what the figures include and leave out. None by default.</summary>
    string? Note => null;

    /// <summary>Runs the suite and returns its rows; writes progress to <see cref="BenchmarkContext.Log"/>.</summary>
    Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken);
}
