namespace OrleansHa.Silo.Security;

/// <summary>
/// Slows down password guessing: after <see cref="FreeFailures"/> failed logins in a row for one account, or from one
/// source, further attempts are refused without checking the secret for a lockout that doubles with each failure
/// (1 s, 2 s, 4 s … at most <see cref="MaxLockout"/>). A success clears the account's and the source's count. Other
/// accounts and sources are not affected, so the silo keeps serving them. Held in this silo's memory.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    /// <summary>Failures allowed in a row before lockouts start.</summary>
    public const int FreeFailures = 5;

    /// <summary>The longest lockout.</summary>
    public static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(5);

    private const int MaxTracked = 10_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Failures> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Failures> _sources = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait before trying, or null when it may try now.</summary>
    public TimeSpan? LockedFor(string account, string source)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var wait = TimeSpan.Zero;
            foreach (var until in new[] { Until(_accounts, account), Until(_sources, source) })
            {
                if (until is { } t && t > now && t - now > wait)
                {
                    wait = t - now;
                }
            }

            return wait > TimeSpan.Zero ? wait : null;
        }
    }

    /// <summary>Counts a failed login.</summary>
    public void Failed(string account, string source)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Count(_accounts, account, now);
            Count(_sources, source, now);
        }
    }

    /// <summary>Clears the counts after a successful login.</summary>
    public void Succeeded(string account, string source)
    {
        lock (_gate)
        {
            _accounts.Remove(account);
            _sources.Remove(source);
        }
    }

    private static DateTimeOffset? Until(Dictionary<string, Failures> table, string key)
        => table.TryGetValue(key, out var failures) ? failures.LockedUntil : null;

    private static void Count(Dictionary<string, Failures> table, string key, DateTimeOffset now)
    {
        if (table.Count >= MaxTracked && !table.ContainsKey(key))
        {
            // Forget the entries whose lockout is over, so forged sources cannot grow the table without bound.
            foreach (var stale in table.Where(e => e.Value.LockedUntil is not { } t || t <= now).Select(e => e.Key).ToList())
            {
                table.Remove(stale);
            }
        }

        var count = (table.TryGetValue(key, out var failures) ? failures.Count : 0) + 1;
        DateTimeOffset? until = null;
        if (count > FreeFailures)
        {
            var seconds = Math.Min(Math.Pow(2, count - FreeFailures - 1), MaxLockout.TotalSeconds);
            until = now + TimeSpan.FromSeconds(seconds);
        }

        table[key] = new Failures(count, until);
    }

    private readonly record struct Failures(int Count, DateTimeOffset? LockedUntil);
}
