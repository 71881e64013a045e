using System.Diagnostics;
using System.Globalization;
using OrleansHa.Benchmarks.Journals;
using OrleansHa.Connections;
using OrleansHa.Journals;

namespace OrleansHa.Benchmarks.Cluster;

public sealed partial class ClusterSuite
{
    private static string JournalName(int index) => "cluster-" + index.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>
    /// Defines <see cref="Journals"/> journals (no receivers: the figure is the shared store's append path), appends one
    /// batch to each to activate it, then has one caller per journal append batches of <see cref="BatchSize"/> back to
    /// back for <paramref name="seconds"/> seconds; returns acknowledged entries per second.
    /// </summary>
    /// <paramref name="next"/> holds each journal's next batch number, so later measures go on where this one ends.
    private static async Task<double> MeasureAppendsAsync(BenchmarkContext context, ClusterSystem system, int seconds, long[] next, CancellationToken cancellationToken)
    {
        await using var connection = await system.ConnectAsync(cancellationToken);
        var journals = JournalsOf(connection);
        await Task.WhenAll(journals.Select(j => j.DefineAsync(new JournalDefinition([], []))));
        await Task.WhenAll(journals.Select((j, i) => AppendOnceAsync(system.Name, j, i, next)));

        context.Log.WriteLine($"[cluster] {system.Name}: {Journals} callers appending batches of {BatchSize} for {seconds} s");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(journals.Select(async (journal, i) =>
        {
            long entries = 0;
            while (!stop.IsCancellationRequested)
            {
                entries += await AppendOnceAsync(system.Name, journal, i, next);
            }

            return entries;
        }));
        var elapsed = watch.Elapsed.TotalSeconds;
        var perSecond = counts.Sum() / elapsed;
        context.Log.WriteLine($"[cluster] {system.Name}: {counts.Sum():N0} entries in {elapsed:F1} s = {perSecond:N0}/s");
        return perSecond;
    }

    /// <summary>Appends the next batch to journal <paramref name="index"/>; an append the journal does not accept ends the run.</summary>
    private static async Task<int> AppendOnceAsync(string systemName, IJournalGrain journal, int index, long[] next)
    {
        var (requestId, batch) = NextBatch(systemName, index, next);
        return Journaled(systemName, index, await journal.AppendAsync(requestId, batch));
    }

    /// <summary>Journal <paramref name="index"/>'s next batch and its request id (timestamps keep growing, so no change is stale).</summary>
    private static (string RequestId, JournalChange[] Batch) NextBatch(string systemName, int index, long[] next)
    {
        var number = next[index]++;
        return (string.Create(CultureInfo.InvariantCulture, $"{systemName}-{index}-{number}"), JournalWorkload.Batch((number * BatchSize) + 1, BatchSize));
    }

    private static int Journaled(string systemName, int index, JournalAppendResult result)
        => result.Accepted
            ? result.Journaled
            : throw new InvalidOperationException($"Journal {JournalName(index)} of {systemName} refused an append: {result.Error}");

    /// <summary>The suite's journals, through <paramref name="connection"/>.</summary>
    private static IJournalGrain[] JournalsOf(SystemConnection connection)
        => [.. Enumerable.Range(0, Journals).Select(i => connection.Client.GetGrain<IJournalGrain>(JournalName(i)))];
}
