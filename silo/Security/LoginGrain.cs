using System.Globalization;
using Orleans.Concurrency;
using OrleansHa.Security;

namespace OrleansHa.Silo.Security;

/// <summary>
/// Checks a login against the credentials file and issues a session token. A stateless worker, so slow secret
/// hashing for one account does not queue logins of others; throttled through <see cref="LoginThrottle"/>.
/// </summary>
[StatelessWorker]
public sealed partial class LoginGrain(CredentialsStore credentials, SessionTokenService tokens, LoginThrottle throttle, ILogger<LoginGrain> logger) : Grain, ILoginGrain
{
    /// <inheritdoc/>
    public Task<SessionToken> LoginAsync(string secret)
    {
        var account = this.GetPrimaryKeyString();
        var source = RequestContext.Get(CallGuard.SourceKey) as string ?? "silo";
        if (throttle.LockedFor(account, source) is { } wait)
        {
            LogThrottled(logger, account, source);
            throw new AccessDeniedException(
                $"Too many failed logins for account '{account}' or from this client; try again in {Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s.");
        }

        if (credentials.Authenticate(account, secret ?? string.Empty) is not { } found)
        {
            throttle.Failed(account, source);
            LogFailed(logger, account, source);
            throw new AccessDeniedException($"Login refused for account '{account}': unknown account or wrong secret.");
        }

        throttle.Succeeded(account, source);
        LogSucceeded(logger, found.Name, found.Role);
        return Task.FromResult(tokens.Issue(found.Name, found.Role));
    }

    [LoggerMessage(EventId = 3310, Level = LogLevel.Information, Message = "Account {Account} logged in ({Role})")]
    private static partial void LogSucceeded(ILogger logger, string account, string role);

    [LoggerMessage(EventId = 3311, Level = LogLevel.Warning, Message = "Failed login for account {Account} from {Source}")]
    private static partial void LogFailed(ILogger logger, string account, string source);

    [LoggerMessage(EventId = 3312, Level = LogLevel.Warning, Message = "Throttled a login for account {Account} from {Source}")]
    private static partial void LogThrottled(ILogger logger, string account, string source);
}
