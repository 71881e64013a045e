namespace OrleansHa.Benchmarks.GrainCalls;

/// <summary>
/// Runs several call paths in turns: a warm-up of each, then rounds in which every path runs once for the same time,
/// the order turning each round so no path always follows the same neighbour (a busy neighbour slows all alike).
/// </summary>
internal static class CallRounds
{
    /// <summary>Each path's figures over its runs (rates are medians of the runs).</summary>
    public static async Task<Dictionary<string, CallFigures>> RunAsync(
        IReadOnlyList<(string Name, Func<int, long, Task> Call)> paths, int callers, TimeSpan warmUp, TimeSpan duration, int rounds, TextWriter log, string suite)
    {
        log.WriteLine($"[{suite}] warm-up");
        foreach (var (_, call) in paths)
        {
            await CallLoad.RunAsync(callers, warmUp, call);
        }

        var runs = paths.ToDictionary(p => p.Name, _ => new List<CallRun>());
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < paths.Count; i++)
            {
                var (name, call) = paths[(i + round) % paths.Count];
                var run = await CallLoad.RunAsync(callers, duration, call);
                runs[name].Add(run);
                log.WriteLine($"[{suite}] round {round + 1}/{rounds} {name}: {run.CallsPerSecond:N0} calls/s");
            }
        }

        return runs.ToDictionary(r => r.Key, r => CallFigures.From(r.Value));
    }
}
