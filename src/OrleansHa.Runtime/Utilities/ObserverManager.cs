using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Orleans.Utilities;

/// <summary>Observers keyed by their own reference; see <see cref="ObserverManager{TIdentity, TObserver}"/>.</summary>
/// <typeparam name="TObserver">The observer type.</typeparam>
public class ObserverManager<TObserver>(TimeSpan expiration, ILogger log) : ObserverManager<IAddressable, TObserver>(expiration, log)
{
}
