namespace OrleansHa.Grains.Tests.Cluster;

/// <summary>
/// Bounded polling for an observable condition where Orleans gives no event (a journal's acknowledged position, a
/// worker's finished run). Between polls the fake clock moves a step, so grain timers waiting on it get to run.
/// </summary>
internal static class Poll
{
    /// <summary>True once <paramref name="condition"/> holds; false when it still does not after about 30 seconds.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, ClusterClock clock, TimeSpan step)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await clock.AdvanceAsync(step);
            await Task.Delay(10);
        }

        return await condition();
    }

    /// <summary>The value once <paramref name="condition"/> holds on it; fails the test naming <paramref name="what"/> after about 30 seconds.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}; last value: {value}");
            }

            await Task.Delay(20);
        }
    }
}
