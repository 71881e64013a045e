using Orleans;
using Orleans.Configuration;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// Idle collection: every <see cref="GrainCollectionOptions.CollectionQuantum"/> (from the runtime's TimeProvider) it
/// deactivates activations idle longer than their age ([CollectionAgeLimit], else the class-specific age, else
/// <see cref="GrainCollectionOptions.CollectionAge"/>). [KeepAlive] classes and delayed deactivations are skipped.
/// </summary>
internal sealed class ActivationCollector : IDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly GrainCollectionOptions _options;
    private readonly ITimer _timer;

    public ActivationCollector(SiloRuntime runtime, GrainCollectionOptions options)
    {
        _runtime = runtime;
        _options = options;
        _timer = runtime.TimeProvider.CreateTimer(static s => ((ActivationCollector)s!).Collect(), this, options.CollectionQuantum, options.CollectionQuantum);
    }

    public void Dispose() => _timer.Dispose();

    public TimeSpan AgeOf(GrainClassInfo classInfo)
        => classInfo.AgeLimit
            ?? (_options.ClassSpecificCollectionAge.TryGetValue(classInfo.ClassType.FullName ?? string.Empty, out var age) ? age : _options.CollectionAge);

    private void Collect()
    {
        var now = _runtime.TimeProvider.GetTimestamp();
        var idle = _runtime.Directory.All.Where(a => !a.ClassInfo.KeepAlive && a.IsCollectible(now, AgeOf(a.ClassInfo))).ToList();
        if (idle.Count == 0)
        {
            return;
        }

        _runtime.Log.CollectingIdle(idle.Count);
        foreach (var activation in idle)
        {
            activation.StartDeactivation(new DeactivationReason(DeactivationReasonCode.ActivationIdle, "The activation was idle longer than its collection age."));
        }
    }
}
