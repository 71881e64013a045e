using System.Diagnostics;
using System.Threading.Channels;

namespace OrleansHa.Benchmarks;

/// <summary>The baseline: each caller sends to its own mailbox (a Channel&lt;T&gt; read by one loop) and awaits the reply.</summary>
internal static class ChannelBaseline
{
    public static async Task<List<long>> RunAsync(int callers, TimeSpan duration, int callsPerMs = 0)
    {
        var runs = Enumerable.Range(0, callers).Select(_ => Task.Run(() => CallerAsync(duration, callsPerMs)));
        var all = await Task.WhenAll(runs);
        return all.SelectMany(a => a).ToList();
    }

    private static async Task<List<long>> CallerAsync(TimeSpan duration, int callsPerMs)
    {
        var mailboxes = Enumerable.Range(0, Math.Max(1, callsPerMs)).Select(_ => StartMailbox()).ToArray();
        var latencies = new List<long>(100_000);
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var pending = new Task<int>[mailboxes.Length];
        var starts = new long[mailboxes.Length];
        while (Stopwatch.GetTimestamp() < end)
        {
            for (var i = 0; i < mailboxes.Length; i++)
            {
                starts[i] = Stopwatch.GetTimestamp();
                var reply = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                mailboxes[i].TryWrite((1, reply));
                pending[i] = reply.Task;
            }

            for (var i = 0; i < mailboxes.Length; i++)
            {
                await pending[i];
                latencies.Add(Stopwatch.GetTimestamp() - starts[i]);
            }

            if (callsPerMs > 0)
            {
                await Task.Delay(1);
            }
        }

        foreach (var mailbox in mailboxes)
        {
            mailbox.TryComplete();
        }

        return latencies;
    }

    private static ChannelWriter<(int Value, TaskCompletionSource<int> Reply)> StartMailbox()
    {
        var channel = Channel.CreateUnbounded<(int Value, TaskCompletionSource<int> Reply)>(new UnboundedChannelOptions { SingleReader = true });
        _ = Task.Run(async () =>
        {
            await foreach (var (value, reply) in channel.Reader.ReadAllAsync())
            {
                reply.SetResult(value + 1);
            }
        });
        return channel.Writer;
    }
}
