using System.Diagnostics;
using Orleans;

namespace OrleansHa.Benchmarks;

public interface IBenchPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns its argument plus one.</summary>
    Task<int> PingAsync(int value);
}

public interface IBenchCallerGrain : IGrainWithIntegerKey
{
    /// <summary>Calls its targets in a closed loop for the given time; returns per-call latencies in ticks.</summary>
    Task<long[]> CallForAsync(long firstTarget, int targets, TimeSpan duration, int callsPerMillisecond);
}

public sealed class BenchPingGrain : Grain, IBenchPingGrain
{
    /// <summary>Every ping served, so the suite can check that each measured call really ran in a grain.</summary>
    public static long Served;

    public Task<int> PingAsync(int value)
    {
        Interlocked.Increment(ref Served);
        return Task.FromResult(value + 1);
    }
}

/// <summary>Grain-to-grain calls: closed loop (callsPerMillisecond 0) or paced to a rate.</summary>
public sealed class BenchCallerGrain : Grain, IBenchCallerGrain
{
    public async Task<long[]> CallForAsync(long firstTarget, int targets, TimeSpan duration, int callsPerMillisecond)
    {
        var pings = Enumerable.Range(0, targets).Select(i => GrainFactory.GetGrain<IBenchPingGrain>(firstTarget + i)).ToArray();
        var latencies = new List<long>(100_000);
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var calls = new Task<int>[Math.Max(1, callsPerMillisecond)];
        var starts = new long[calls.Length];
        var next = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            if (callsPerMillisecond == 0)
            {
                var start = Stopwatch.GetTimestamp();
                await pings[next++ % pings.Length].PingAsync(1);
                latencies.Add(Stopwatch.GetTimestamp() - start);
                continue;
            }

            for (var i = 0; i < calls.Length; i++)
            {
                starts[i] = Stopwatch.GetTimestamp();
                calls[i] = pings[next++ % pings.Length].PingAsync(1);
            }

            for (var i = 0; i < calls.Length; i++)
            {
                await calls[i];
                latencies.Add(Stopwatch.GetTimestamp() - starts[i]);
            }

            // One batch per timer tick (about 1 ms): the achieved rate is measured, not assumed.
            await Task.Delay(1);
        }

        return [.. latencies];
    }
}

/// <summary>An idle grain with no fields of its own, for the memory-per-activation figure.</summary>
public interface IBenchIdleGrain : IGrainWithIntegerKey
{
    /// <summary>Does nothing (activates the grain).</summary>
    Task TouchAsync();
}

public sealed class BenchIdleGrain : Grain, IBenchIdleGrain
{
    public Task TouchAsync() => Task.CompletedTask;
}
