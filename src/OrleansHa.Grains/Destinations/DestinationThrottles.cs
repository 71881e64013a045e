using System.Collections.Concurrent;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// The bandwidth limits of this silo: one <see cref="TransferThrottle"/> per destination, shared by every run to it
/// from this silo, so two runs to one destination share its limit instead of each taking all of it. A singleton
/// service. The rate is set from the destination's definition when a run opens its target and while it runs (the
/// worker looks again every <see cref="RefreshInterval"/>), and at once by the destination grain when it lives here.
/// </summary>
public sealed class DestinationThrottles(TimeProvider time) : IDisposable
{
    /// <summary>How often a running worker reads its destination's limit again: a change reaches a running transfer within it.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, TransferThrottle> _throttles = new(StringComparer.Ordinal);

    /// <summary>The throttle of <paramref name="destination"/>, at <paramref name="bytesPerSecond"/> from now on (0: unlimited).</summary>
    public TransferThrottle For(string destination, long bytesPerSecond)
    {
        var throttle = _throttles.GetOrAdd(destination, _ => new TransferThrottle(time, bytesPerSecond));
        throttle.SetRate(bytesPerSecond);
        return throttle;
    }

    /// <summary>Changes the rate of <paramref name="destination"/>'s throttle if this silo has one (runs waiting pick it up).</summary>
    public void SetRate(string destination, long bytesPerSecond)
    {
        if (_throttles.TryGetValue(destination, out var throttle))
        {
            throttle.SetRate(bytesPerSecond);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var throttle in _throttles.Values)
        {
            throttle.Dispose();
        }
    }
}
