using OrleansHa.Runtime.Testing;

namespace OrleansHa.Runtime.Tests;

/// <summary>Bounded polling for an asynchronous condition; optionally moves the fake clock between polls.</summary>
public static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, FakeTimeProvider? clock = null, TimeSpan step = default)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return true;
            }

            if (clock is not null && step > TimeSpan.Zero)
            {
                clock.Advance(step);
            }

            await Task.Delay(10);
        }

        return false;
    }

    public static Task<bool> TrueAsync(Func<bool> condition, FakeTimeProvider? clock = null, TimeSpan step = default)
        => TrueAsync(() => Task.FromResult(condition()), clock, step);
}
