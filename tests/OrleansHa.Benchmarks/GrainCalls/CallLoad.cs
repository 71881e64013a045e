using System.Diagnostics;
using OrleansHa.Security;

namespace OrleansHa.Benchmarks.GrainCalls;

/// <summary>
/// A closed loop of concurrent callers: each awaits its call, then makes the next, for a fixed time; every call's
/// latency is kept, so percentiles come from all of them rather than from samples.
/// </summary>
internal static class CallLoad
{
    /// <summary>
    /// Runs <paramref name="callers"/> callers for <paramref name="duration"/>; <paramref name="call"/> gets the caller's
    /// index and its call number in this run (from 0). Each caller acts as the administrator, once, before its first
    /// call: the principal travels in its request context on every call, the ping's included, so every path carries
    /// the same request context.
    /// </summary>
    public static async Task<CallRun> RunAsync(int callers, TimeSpan duration, Func<int, long, Task> call)
    {
        var latencies = new List<double>[callers];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            // Yield first, so every caller has started before any of them finishes a call.
            await Task.Yield();
            CallerPrincipal.ActAs("admin", administrator: true);
            var mine = latencies[caller] = new List<double>(4096);
            for (long n = 0; stopwatch.Elapsed < duration; n++)
            {
                var start = Stopwatch.GetTimestamp();
                await call(caller, n);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        return new CallRun(all.Length / elapsed, all);
    }
}
