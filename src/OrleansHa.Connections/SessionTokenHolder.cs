using OrleansHa.Security;

namespace OrleansHa.Connections;

/// <summary>Holds this connection's session token and logs in again shortly before it expires, or when a silo refused it.</summary>
internal sealed class SessionTokenHolder(TimeProvider time)
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(2);
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private Func<Task<SessionToken>>? _login;
    private SessionToken? _token;

    public SessionToken? Token => _token;

    public async Task<SessionToken> LoginAsync(Func<Task<SessionToken>> login)
    {
        _login = login;
        _token = await login();
        return _token;
    }

    public async ValueTask<SessionToken> CurrentAsync()
    {
        var token = _token ?? throw new InvalidOperationException("The connection has not logged in yet.");
        if (token.ExpiresAt - time.GetUtcNow() > RenewBefore || _login is null)
        {
            return token;
        }

        await _renewing.WaitAsync();
        try
        {
            if (_token is { } current && current.ExpiresAt - time.GetUtcNow() > RenewBefore)
            {
                return current;
            }

            _token = await _login();
            return _token;
        }
        finally
        {
            _renewing.Release();
        }
    }

    /// <summary>
    /// Logs in again because a silo refused <paramref name="refused"/> (one that restarted with another signing key, or
    /// whose clock is ahead), unless another call already replaced it; returns the token to use now.
    /// </summary>
    public async Task<SessionToken> RenewAsync(SessionToken refused)
    {
        var login = _login ?? throw new InvalidOperationException("The connection has not logged in yet.");
        await _renewing.WaitAsync();
        try
        {
            if (_token is { } current && !ReferenceEquals(current, refused) && current.Token != refused.Token)
            {
                return current;
            }

            _token = await login();
            return _token;
        }
        finally
        {
            _renewing.Release();
        }
    }
}
