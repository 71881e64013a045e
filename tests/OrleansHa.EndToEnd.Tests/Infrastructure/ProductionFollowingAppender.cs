using System.Globalization;
using OrleansHa.Journals;
using OrleansHa.Roles;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A steady stream of appends to one journal, one Put of its own key per request, that follows the production role:
/// each append goes to the system that is production now; one refused with <see cref="WritesRefusedException"/> is sent
/// again, with the same request id, to whichever system the gates then say is writable production (the highest epoch).
/// Every acknowledged append is kept, with the system and sequence that acknowledged it.
/// </summary>
/// <param name="systems">A connection to each member, by system name.</param>
/// <param name="journal">The journal appended to.</param>
/// <param name="production">The system appended to first.</param>
public sealed class ProductionFollowingAppender(IReadOnlyDictionary<string, IClusterClient> systems, string journal, string production)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan RefusedLimit = TimeSpan.FromSeconds(90);
    private readonly List<AcknowledgedAppend> _acknowledged = [];
    private readonly Lock _gate = new();
    private int _refusals;

    /// <summary>The appends acknowledged so far, in the order they were.</summary>
    public IReadOnlyList<AcknowledgedAppend> Acknowledged
    {
        get
        {
            lock (_gate)
            {
                return [.. _acknowledged];
            }
        }
    }

    /// <summary>Appends refused (and sent again) so far.</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    /// <summary>The key the append with number <paramref name="n"/> puts.</summary>
    public static string Key(int n) => string.Create(CultureInfo.InvariantCulture, $"steady-{n:D6}");

    /// <summary>Appends until <paramref name="stop"/> is cancelled (checked between appends, so the last one is acknowledged).</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var current = production;
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var requestId = string.Create(CultureInfo.InvariantCulture, $"steady/{n}");
            JournalChange[] change = [JournalChange.Put(Key(n), T0.AddMilliseconds(n), new() { ["n"] = n.ToString(CultureInfo.InvariantCulture) })];
            var refusedSince = (DateTime?)null;
            while (true)
            {
                try
                {
                    var result = await systems[current].GetGrain<IJournalGrain>(journal).AppendAsync(requestId, change);
                    if (!result.Accepted)
                    {
                        throw new InvalidOperationException($"{current} did not accept append {requestId}: {result.Error}");
                    }

                    lock (_gate)
                    {
                        _acknowledged.Add(new AcknowledgedAppend(n, current, result.FirstSequence, result.Duplicate));
                    }

                    break;
                }
                catch (WritesRefusedException refused)
                {
                    Interlocked.Increment(ref _refusals);
                    refusedSince ??= DateTime.UtcNow;
                    if (DateTime.UtcNow - refusedSince > RefusedLimit)
                    {
                        throw new TimeoutException($"Append {requestId} was refused for {RefusedLimit}; the last refusal: {refused.Message}", refused);
                    }

                    var writable = await WritableProductionAsync();
                    if (writable is null || writable == current)
                    {
                        await Task.Delay(20, CancellationToken.None);
                    }
                    else
                    {
                        current = writable;
                    }
                }
            }
        }
    }

    /// <summary>The member whose gate says it is writable production, the highest epoch first; null while none is.</summary>
    private async Task<string?> WritableProductionAsync()
    {
        var gates = await Task.WhenAll(systems.Values.Select(c => c.GetGrain<IHaGroupGrain>(HaGroups.Default).GetGateAsync()));
        return gates.Where(g => g.Role == SystemRole.Production && g.Writable).OrderByDescending(g => g.Epoch).FirstOrDefault()?.LocalSystem;
    }
}
