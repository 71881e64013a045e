using System.Diagnostics;
using OrleansHa.Journals;

namespace OrleansHa.Benchmarks.Journals;

/// <summary>
/// Journals: append throughput beside raw SQLite inserts of the same rows (same WAL, synchronous=FULL), replication lag
/// at a steady 10,000 entries/s, and catch-up after a large backlog with memory watched. The two systems are in-process
/// clusters with separate databases, linked through the receiving cluster's client rather than a gateway.
/// </summary>
public sealed partial class JournalSuite : IBenchmarkSuite
{
    /// <inheritdoc/>
    public string Name => "journal";

    /// <inheritdoc/>
    public string Description => "journal appends vs raw SQLite, replication lag at 10k entries/s, catch-up after a backlog";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var rows = new List<BenchmarkResult>();
        rows.AddRange(await AppendThroughputAsync(context));
        rows.AddRange(await ReplicationLagAsync(context));
        rows.AddRange(await CatchUpAsync(context));
        return rows;
    }

    /// <summary>Rounds alternate ours and the baseline, so a busy neighbour slows both; the medians are compared.</summary>
    private static async Task<IReadOnlyList<BenchmarkResult>> AppendThroughputAsync(BenchmarkContext context)
    {
        var batches = context.Quick ? 100 : 500;
        const int rounds = 3;
        var raw = new List<double>();
        var ours = new List<double>();
        await using var systems = await BenchSystems.StartAsync(Path.Combine(context.WorkDirectory, "append"));
        var folder = Path.Combine(context.WorkDirectory, "raw");
        Directory.CreateDirectory(folder);

        // Warm-up of both (file growth, JIT, activation), not counted: the rounds compare steady states.
        RawSqliteBaseline.BatchedInserts(folder, batches, 100);
        await AppendBatchesAsync(systems, "append-warm", batches);
        for (var round = 0; round < rounds; round++)
        {
            raw.Add(RawSqliteBaseline.BatchedInserts(folder, batches, 100));
            ours.Add(await AppendBatchesAsync(systems, $"append-{round}", batches));
            context.Log.WriteLine($"[journal] append round {round + 1}: ours {ours[^1]:N0}/s, raw SQLite {raw[^1]:N0}/s");
        }

        var oursMedian = Median(ours);
        var rawMedian = Median(raw);
        return
        [
            new($"append, batches of 100 ({batches} batches, median of {rounds})", oursMedian, rawMedian, "entries/s",
                "raw SQLite batched INSERT, WAL + synchronous=FULL", "ratio ≥ 0.5", oursMedian >= 0.5 * rawMedian),
        ];
    }

    /// <summary>Appends batches of 100 to a new journal, one after another; entries/s.</summary>
    private static async Task<double> AppendBatchesAsync(BenchSystems systems, string name, int batches)
    {
        // One receiver, disabled: entries stay in the recovery file, as they would while a receiver is behind.
        var journal = systems.Journal(name);
        await journal.DefineAsync(new JournalDefinition([BenchSystems.BackupAddress], []));
        await journal.DisableAsync(null);
        var stopwatch = Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            var result = await journal.AppendAsync($"r{b}", JournalWorkload.Batch((b * 100L) + 1, 100));
            if (!result.Accepted)
            {
                throw new InvalidOperationException(result.Error);
            }
        }

        return batches * 100 / stopwatch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
