using OrleansHa.Runtime.Testing;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>Bounded polling for an asynchronous condition, moving the fake clock a step between polls (timers run on it).</summary>
internal static class Poll
{
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, FakeTimeProvider clock, TimeSpan step, int attempts = 600)
    {
        for (var i = 0; i < attempts; i++)
        {
            if (await condition())
            {
                return true;
            }

            clock.Advance(step);
            await Task.Delay(10);
        }

        return await condition();
    }
}
