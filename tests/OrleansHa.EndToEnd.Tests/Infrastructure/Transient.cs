namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Calls into a system some of whose silos are going away: what counts as the transient failure of a lost silo or
/// gateway, and a bounded retry of a call that is safe to repeat.
/// </summary>
public static class Transient
{
    /// <summary>A silo or gateway that went away (rejected, unreachable, or no answer in time), not a refusal by the grain.</summary>
    public static bool IsLostSilo(Exception error)
        => error is OrleansException or TimeoutException;

    /// <summary>
    /// Calls <paramref name="call"/> until it answers, retrying a lost silo's failures (each counted in
    /// <paramref name="retries"/>) with a short backoff until <paramref name="limit"/> has passed. Only for calls that
    /// are safe to repeat (a read, an append with its request id).
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, TimeSpan limit, Action<Exception>? retries = null)
    {
        var deadline = DateTime.UtcNow + limit;
        var backoff = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (IsLostSilo(error) && DateTime.UtcNow < deadline)
            {
                retries?.Invoke(error);
            }

            // A backoff between attempts, not a wait for an event: the next attempt is the check.
            await Task.Delay(backoff);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 500));
        }
    }
}
