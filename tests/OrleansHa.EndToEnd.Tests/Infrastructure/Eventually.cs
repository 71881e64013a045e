namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>Waits for something to happen (a call to succeed, a value to be reached), within a bounded time.</summary>
public static class Eventually
{
    /// <summary>
    /// Calls <paramref name="attempt"/> until it returns a value; an Orleans failure or a timeout counts as "not yet"
    /// (the client is still reconnecting) until <paramref name="limit"/> has passed.
    /// </summary>
    public static async Task<T> ResultAsync<T>(Func<Task<T?>> attempt, TimeSpan limit)
        where T : class
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                if (await attempt() is { } value)
                {
                    return value;
                }
            }
            catch (Exception error) when ((error is OrleansException or TimeoutException) && DateTime.UtcNow < deadline)
            {
                // Not reconnected yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Nothing came within {limit}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Reads <paramref name="read"/> until <paramref name="done"/> holds or <paramref name="limit"/> has passed; returns the last value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            value = await read();
        }

        return value;
    }
}
