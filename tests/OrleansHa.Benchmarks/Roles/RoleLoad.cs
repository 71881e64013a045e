using System.Diagnostics;
using System.Globalization;
using OrleansHa.Benchmarks.Journals;
using OrleansHa.Journals;
using OrleansHa.Roles;

namespace OrleansHa.Benchmarks.Roles;

/// <summary>
/// A steady append load that follows the production role: one caller per journal, each sending batches at a fixed
/// pace (so the offered rate is the same with and without a swap), each batch to the system that is production now. A
/// batch refused with <see cref="WritesRefusedException"/> is sent again, with the same request id, to whichever
/// system the gates say is writable production (the highest epoch), as a client following production does. Every
/// acknowledged batch is kept with when it was acknowledged.
/// </summary>
internal sealed class RoleLoad(IReadOnlyDictionary<string, IClusterClient> systems, int journals, int batchSize, double entriesPerSecond)
{
    private readonly long[] _next = new long[journals];
    private readonly Lock _gate = new();
    private readonly List<AcceptedBatch> _accepted = [];
    private string _production = "PROD";
    private int _refusals;

    /// <summary>Runs the load for <paramref name="before"/>, then <paramref name="swap"/> (when given) while it goes on, then <paramref name="after"/> more.</summary>
    public async Task<LoadFigures> RunAsync(string production, TimeSpan before, Func<Task>? swap, TimeSpan after, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _accepted.Clear();
        }

        _production = production;
        _refusals = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = Stopwatch.StartNew();
        var callers = Enumerable.Range(0, journals).Select(j => CallAsync(j, watch, stop.Token)).ToArray();
        var swapStarted = TimeSpan.Zero;
        var swapEnded = TimeSpan.Zero;
        try
        {
            await Task.WhenAny(Task.WhenAll(callers), Task.Delay(before, cancellationToken));
            if (swap is not null)
            {
                swapStarted = watch.Elapsed;
                await swap();
                swapEnded = watch.Elapsed;
            }

            await Task.WhenAny(Task.WhenAll(callers), Task.Delay(after, cancellationToken));
        }
        finally
        {
            await stop.CancelAsync();
        }

        await Task.WhenAll(callers);
        var elapsed = watch.Elapsed;
        List<AcceptedBatch> accepted;
        lock (_gate)
        {
            accepted = [.. _accepted];
        }

        // The longest time in which no system acknowledged any append, the run's start and end counting as bounds.
        var times = accepted.Select(a => a.At).Order().Prepend(TimeSpan.Zero).Append(elapsed).ToArray();
        var gap = times.Zip(times.Skip(1), (a, b) => b - a).Max();
        return new LoadFigures(accepted.Sum(a => a.Last - a.First + 1) / elapsed.TotalSeconds, gap, _refusals, accepted, swapEnded - swapStarted);
    }

    /// <summary>
    /// Entries lost or duplicated on <paramref name="client"/>'s system: per journal, its last sequence against the
    /// acknowledged batches of every run so far (<paramref name="acknowledged"/>), which must cover 1 to that sequence
    /// exactly once.
    /// </summary>
    public async Task<long> LostOrTwiceAsync(IClusterClient client, IReadOnlyList<AcceptedBatch> acknowledged)
    {
        long wrong = 0;
        for (var j = 0; j < journals; j++)
        {
            var last = (await client.GetGrain<IJournalGrain>(RoleSystems.JournalName(j)).GetStatusAsync()).LastSequence;
            var covered = new bool[last + 1];
            foreach (var batch in acknowledged.Where(a => a.Journal == j))
            {
                for (var s = batch.First; s <= batch.Last; s++)
                {
                    if (s > last || covered[s])
                    {
                        wrong++;
                    }
                    else
                    {
                        covered[s] = true;
                    }
                }
            }

            wrong += covered.Skip(1).Count(c => !c);
        }

        return wrong;
    }

    private async Task CallAsync(int journal, Stopwatch watch, CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(batchSize * journals / entriesPerSecond);
        var due = watch.Elapsed;
        while (!stop.IsCancellationRequested)
        {
            if (due - watch.Elapsed is { Ticks: > 0 } wait)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            due += interval;
            var number = _next[journal]++;
            var requestId = string.Create(CultureInfo.InvariantCulture, $"roles-{journal}-{number}");
            var batch = JournalWorkload.Batch((number * batchSize) + 1, batchSize);
            while (true)
            {
                var target = Volatile.Read(ref _production);
                try
                {
                    var result = await systems[target].GetGrain<IJournalGrain>(RoleSystems.JournalName(journal)).AppendAsync(requestId, batch);
                    if (!result.Accepted)
                    {
                        throw new InvalidOperationException($"{target} refused an append to {RoleSystems.JournalName(journal)}: {result.Error}");
                    }

                    lock (_gate)
                    {
                        _accepted.Add(new AcceptedBatch(watch.Elapsed, journal, target, result.FirstSequence, result.LastSequence));
                    }

                    break;
                }
                catch (WritesRefusedException)
                {
                    Interlocked.Increment(ref _refusals);
                    var gates = await Task.WhenAll(systems.Values.Select(c => c.GetGrain<IHaGroupGrain>(HaGroups.Default).GetGateAsync()));
                    var writable = gates.Where(g => g.Role == SystemRole.Production && g.Writable).OrderByDescending(g => g.Epoch).FirstOrDefault()?.LocalSystem;
                    if (writable is null || writable == target)
                    {
                        await Task.Delay(10, CancellationToken.None);
                    }
                    else
                    {
                        Volatile.Write(ref _production, writable);
                    }
                }
            }
        }
    }
}
