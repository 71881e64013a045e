using Microsoft.Extensions.Time.Testing;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Tests.Throttling;

/// <summary>
/// The token bucket on a fake clock: a wait is granted (its task completes) inside <see cref="FakeTimeProvider.Advance"/>,
/// so the tests move the clock in small steps until it is and read the time off the clock.
/// </summary>
public sealed class TransferThrottleTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(4_000_000, 1 << 20)]
    [InlineData(10_000_000, 256 * 1024)]
    [InlineData(512 * 1024, 64 * 1024)]
    public async Task WaitAsync_When20MBAreSentInChunks_TakesTheTimeTheRateGivesWithinTenPercent(long rate, int chunk)
    {
        using var throttle = new TransferThrottle(_time, rate);
        const long Total = 20_000_000;
        var started = _time.GetUtcNow();

        for (var sent = 0L; sent < Total; sent += chunk)
        {
            await WaitOnClockAsync(throttle.WaitAsync(Math.Min(chunk, Total - sent), 0, CancellationToken.None));
        }

        var took = (_time.GetUtcNow() - started).TotalSeconds;
        var expected = (double)Total / rate;
        Assert.InRange(took, expected * 0.9, expected * 1.1);
    }

    [Fact]
    public async Task SetRate_WhileATransferWaits_AppliesToThatTransfer()
    {
        using var throttle = new TransferThrottle(_time, 1000);
        // The full bucket (100 bytes) lets the first send go at once and leaves 900 bytes of debt.
        await throttle.WaitAsync(1000, 0, CancellationToken.None);
        var waiting = throttle.WaitAsync(1000, 0, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(waiting.IsCompleted);

        // Debt now 400 bytes; at 10,000 B/s the bucket holds 1,000 after 140 ms (at the old rate it would take 1.5 s).
        throttle.SetRate(10_000);
        _time.Advance(TimeSpan.FromMilliseconds(139));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(waiting.IsCompleted);
        await waiting;

        var slower = throttle.WaitAsync(1000, 0, CancellationToken.None);
        throttle.SetRate(0);
        Assert.True(slower.IsCompleted, "a waiting send was not released when the limit was lifted");
        await slower;
    }

    [Fact]
    public async Task WaitAsync_WhenSeveralWait_ServesHigherPriorityFirstThenArrivalOrder()
    {
        using var throttle = new TransferThrottle(_time, 1000);
        await throttle.WaitAsync(1000, 0, CancellationToken.None);
        var order = new List<string>();
        var waits = new (string Name, ValueTask Task)[]
        {
            ("low-1", throttle.WaitAsync(100, 1, CancellationToken.None)),
            ("high-1", throttle.WaitAsync(100, 5, CancellationToken.None)),
            ("low-2", throttle.WaitAsync(100, 1, CancellationToken.None)),
            ("high-2", throttle.WaitAsync(100, 5, CancellationToken.None)),
            ("middle", throttle.WaitAsync(100, 3, CancellationToken.None)),
        }.ToList();

        while (waits.Count > 0)
        {
            _time.Advance(Step);
            foreach (var done in waits.Where(w => w.Task.IsCompleted).ToList())
            {
                await done.Task;
                order.Add(done.Name);
                waits.Remove(done);
            }
        }

        Assert.Equal(["high-1", "high-2", "middle", "low-1", "low-2"], order);
    }

    [Fact]
    public async Task WaitAsync_WhenTheHeadWaiterIsCancelled_ServesTheNextAndCancelsOnlyIt()
    {
        using var throttle = new TransferThrottle(_time, 1000);
        await throttle.WaitAsync(1000, 0, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var head = throttle.WaitAsync(100, 9, cancel.Token);
        var next = throttle.WaitAsync(100, 1, CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await head);
        Assert.Equal(1, throttle.Waiting);
        await WaitOnClockAsync(next);

        Assert.Equal(0, throttle.Waiting);
    }

    [Fact]
    public void WaitAsync_WhenUnlimited_CompletesAtOnce()
    {
        using var throttle = new TransferThrottle(_time);

        Assert.True(throttle.WaitAsync(100_000_000, 0, CancellationToken.None).IsCompleted);
    }

    private async Task WaitOnClockAsync(ValueTask wait)
    {
        // Bounded: a throttle that never grants fails the test instead of hanging it.
        for (var i = 0; !wait.IsCompleted && i < 10_000_000; i++)
        {
            _time.Advance(Step);
        }

        Assert.True(wait.IsCompleted, "the throttle never granted the wait");
        await wait;
    }
}
