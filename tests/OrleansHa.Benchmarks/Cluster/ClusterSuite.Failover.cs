using System.Diagnostics;

namespace OrleansHa.Benchmarks.Cluster;

public sealed partial class ClusterSuite
{
    private static readonly TimeSpan AttemptLimit = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Every journal answers an append and says which silo it is active on; the silo holding the first journal is
    /// SIGKILLed, and from the moment it has exited each journal is sent its next batch until one is accepted (each
    /// attempt given <see cref="AttemptLimit"/>, the same request id every time, as a client retrying an idempotent
    /// append would). The figure is the slowest of the journals that were on the killed silo.
    /// </summary>
    private static async Task<FailoverFigures> MeasureFailoverAsync(BenchmarkContext context, ClusterSystem system, long[] next, CancellationToken cancellationToken)
    {
        await using var connection = await system.ConnectAsync(cancellationToken);
        var journals = JournalsOf(connection);
        await Task.WhenAll(journals.Select((j, i) => AppendOnceAsync(system.Name, j, i, next)));
        var hosts = await Task.WhenAll(journals.Select(async j => (await j.GetStatusAsync()).Silo));
        var victim = system.Silos.FirstOrDefault(s => s.Is(hosts[0]))
            ?? throw new InvalidOperationException($"Journal {JournalName(0)} reports silo '{hosts[0]}', none of {string.Join(", ", system.Silos.Select(s => $"{s.Name} (port {s.SiloPort})"))}.");
        var onVictim = Enumerable.Range(0, Journals).Where(i => victim.Is(hosts[i])).ToHashSet();
        var batches = Enumerable.Range(0, Journals).Select(i => NextBatch(system.Name, i, next)).ToArray();

        context.Log.WriteLine($"[cluster] SIGKILL of silo {victim.Name}, which holds {onVictim.Count} of the {Journals} journals");
        await victim.KillAsync();
        var sinceKill = Stopwatch.StartNew();
        var seconds = await Task.WhenAll(journals.Select(async (journal, i) =>
        {
            var attempts = 0;
            while (true)
            {
                attempts++;
                try
                {
                    var result = await journal.AppendAsync(batches[i].RequestId, batches[i].Batch).WaitAsync(AttemptLimit, cancellationToken);
                    Journaled(system.Name, i, result);
                    return sinceKill.Elapsed.TotalSeconds;
                }
                catch (Exception error) when (error is not InvalidOperationException && !cancellationToken.IsCancellationRequested)
                {
                    // The silo's death not yet declared, the client's gateway gone, the directory moving: try again
                    // shortly (an abandoned attempt that lands later is the same request id, so it is not appended twice).
                    if (sinceKill.Elapsed > RecoveryLimit)
                    {
                        throw new TimeoutException($"Journal {JournalName(i)} accepted no append within {RecoveryLimit} of the SIGKILL ({attempts} attempts); the last error: {error.GetType().Name}: {error.Message}", error);
                    }

                    await Task.Delay(50, cancellationToken);
                }
            }
        }));

        var moved = onVictim.Select(i => seconds[i]).Order().ToArray();
        var others = Enumerable.Range(0, Journals).Where(i => !onVictim.Contains(i)).Select(i => seconds[i]).DefaultIfEmpty(0).Max();
        var figures = new FailoverFigures(moved[^1], moved[moved.Length / 2], moved.Length, others);
        context.Log.WriteLine($"[cluster] the killed silo's {moved.Length} journals back after {figures.SlowestSeconds:F2} s (median {figures.MedianSeconds:F2} s); the others' slowest {others:F2} s");
        return figures;
    }
}
