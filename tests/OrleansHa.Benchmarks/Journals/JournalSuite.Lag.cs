using System.Diagnostics;
using OrleansHa.Journals;

namespace OrleansHa.Benchmarks.Journals;

/// <summary>Replication lag: from the start of an append on PROD to the commit of the batch holding it on BACKUP.</summary>
public sealed partial class JournalSuite
{
    private static async Task<IReadOnlyList<BenchmarkResult>> ReplicationLagAsync(BenchmarkContext context)
    {
        const int perBatch = 100;
        const double rate = 10_000;
        var seconds = context.Quick ? 3 : 10;
        var batches = (int)(rate * seconds / perBatch);
        await using var systems = await BenchSystems.StartAsync(Path.Combine(context.WorkDirectory, "lag"));
        var journal = systems.Journal("lag");
        await journal.DefineAsync(new JournalDefinition([BenchSystems.BackupAddress], []));

        // A warm-up batch, so the first measured one does not pay for activations and JIT.
        await journal.AppendAsync("warm", JournalWorkload.Batch(1, perBatch));
        while ((await systems.Replica("lag").GetStatusAsync()).LastApplied < perBatch)
        {
            await Task.Delay(10);
        }

        systems.BackupClock.Applied.Clear();

        // A fixed schedule: batch i is due at start + i × 10 ms. A late batch goes at once (no catching up by skipping),
        // and its lag counts from its due time, so a slow sender shows as lag rather than as a lower rate.
        var starts = new List<(long LastSequence, long Due)>(batches);
        var begin = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency * perBatch / rate;
        for (var i = 0; i < batches; i++)
        {
            var due = begin + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var result = await journal.AppendAsync($"lag-{i}", JournalWorkload.Batch(perBatch + (i * (long)perBatch) + 1, perBatch));
            starts.Add((result.LastSequence, due));
        }

        var sent = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        var last = starts[^1].LastSequence;
        var deadline = Stopwatch.StartNew();
        while ((await systems.Replica("lag").GetStatusAsync()).LastApplied < last && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10);
        }

        var applied = systems.BackupClock.Applied.ToArray();
        var lags = new List<double>(starts.Count);
        var cursor = 0;
        foreach (var (lastSequence, due) in starts)
        {
            while (cursor < applied.Length && applied[cursor].LastApplied < lastSequence)
            {
                cursor++;
            }

            if (cursor < applied.Length)
            {
                lags.Add(Stopwatch.GetElapsedTime(due, applied[cursor].At).TotalMilliseconds);
            }
        }

        lags.Sort();
        var p50 = Percentile(lags, 0.50);
        var p99 = Percentile(lags, 0.99);
        var achieved = batches * perBatch / sent;
        context.Log.WriteLine($"[journal] lag: {lags.Count} of {starts.Count} batches measured, p50 {p50:N1} ms, p99 {p99:N1} ms, max {lags[^1]:N1} ms, offered {achieved:N0} entries/s");
        return
        [
            new($"replication lag p50 at 10,000 entries/s ({seconds} s, in-process link)", p50, null, "ms", "-", "-", null),
            new($"replication lag p99 at 10,000 entries/s ({seconds} s, in-process link)", p99, null, "ms", "-", "< 100", p99 < 100),
            new("offered append rate during the lag run", achieved, null, "entries/s", "-", "≥ 9,500", achieved >= 9_500),
        ];
    }

    private static double Percentile(List<double> sorted, double p)
        => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
