namespace OrleansHa.Security;

/// <summary>
/// Logs an account in (the grain key is the account name) and issues a session token the silo signs. The only call a
/// client may make without a token; failures are throttled per account and per source.
/// </summary>
[Alias("orleansha.login-grain")]
public interface ILoginGrain : IGrainWithStringKey
{
    /// <summary>Checks <paramref name="secret"/> against the account's stored hash and returns a session token for it.</summary>
    /// <exception cref="AccessDeniedException">The account or secret is wrong, or too many attempts failed lately.</exception>
    [Idempotent]
    Task<SessionToken> LoginAsync(string secret);
}
