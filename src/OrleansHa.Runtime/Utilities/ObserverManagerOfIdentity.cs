using System.Collections;
using Microsoft.Extensions.Logging;

namespace Orleans.Utilities;

/// <summary>
/// Keeps subscribed observers and notifies them. A subscription expires after <see cref="ExpirationDuration"/> unless
/// renewed by subscribing again; an observer whose notification throws is removed.
/// </summary>
/// <typeparam name="TIdentity">The key of a subscription.</typeparam>
/// <typeparam name="TObserver">The observer type.</typeparam>
public partial class ObserverManager<TIdentity, TObserver> : IEnumerable<TObserver>
    where TIdentity : notnull
{
    private readonly Dictionary<TIdentity, (TObserver Observer, DateTime LastSeen)> _observers = [];
    private readonly ILogger _log;

    /// <summary>Creates a manager whose subscriptions expire after <paramref name="expiration"/>.</summary>
    public ObserverManager(TimeSpan expiration, ILogger log)
    {
        ExpirationDuration = expiration;
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>How long a subscription lasts without renewal.</summary>
    public TimeSpan ExpirationDuration { get; set; }

    /// <summary>The clock used for expiry. Default: <see cref="DateTime.UtcNow"/>.</summary>
    public Func<DateTime> GetDateTime { get; set; } = () => DateTime.UtcNow;

    /// <summary>The number of subscriptions.</summary>
    public int Count => _observers.Count;

    /// <summary>The subscriptions.</summary>
    public IReadOnlyDictionary<TIdentity, TObserver> Observers => _observers.ToDictionary(o => o.Key, o => o.Value.Observer);

    /// <summary>Adds or renews a subscription.</summary>
    public void Subscribe(TIdentity id, TObserver observer) => _observers[id] = (observer, GetDateTime());

    /// <summary>Removes a subscription.</summary>
    public void Unsubscribe(TIdentity id) => _observers.Remove(id);

    /// <summary>Removes every subscription.</summary>
    public void Clear() => _observers.Clear();

    /// <summary>Removes expired subscriptions.</summary>
    public void ClearExpired()
    {
        var now = GetDateTime();
        foreach (var expired in _observers.Where(o => now - o.Value.LastSeen > ExpirationDuration).Select(o => o.Key).ToList())
        {
            _observers.Remove(expired);
        }
    }

    /// <summary>Notifies every live observer (matching <paramref name="predicate"/>); removes those that throw.</summary>
    public async Task Notify(Func<TObserver, Task> notification, Func<TObserver, bool>? predicate = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ClearExpired();
        foreach (var (id, (observer, _)) in _observers.ToList())
        {
            if (predicate is not null && !predicate(observer))
            {
                continue;
            }

            try
            {
                await notification(observer);
            }
            catch (Exception exception)
            {
                LogRemoved(_log, exception, id.ToString());
                _observers.Remove(id);
            }
        }
    }

    /// <summary>Notifies every live observer (matching <paramref name="predicate"/>); removes those that throw.</summary>
    public void Notify(Action<TObserver> notification, Func<TObserver, bool>? predicate = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ClearExpired();
        foreach (var (id, (observer, _)) in _observers.ToList())
        {
            if (predicate is not null && !predicate(observer))
            {
                continue;
            }

            try
            {
                notification(observer);
            }
            catch (Exception exception)
            {
                LogRemoved(_log, exception, id.ToString());
                _observers.Remove(id);
            }
        }
    }

    /// <summary>Enumerates the observers.</summary>
    public IEnumerator<TObserver> GetEnumerator() => _observers.Values.Select(o => o.Observer).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    [LoggerMessage(1090, LogLevel.Warning, "Observer {ObserverId} failed and was removed")]
    private static partial void LogRemoved(ILogger logger, Exception exception, string? observerId);
}
