using System.Collections.Immutable;

namespace OrleansHa.Runtime.Engine;

/// <summary>A non-interleaving timer tick: scheduled like a request, so it obeys the grain's reentrancy.</summary>
internal sealed class TimerTickRequest(GrainTimer timer, ActivationData activation)
    : WorkRequest(ImmutableDictionary<string, object>.Empty, activation.GrainId, null)
{
    public override bool IsReadOnly => false;

    public override bool AlwaysInterleaves => false;

    public override bool CountsAsActivity => timer.KeepAlive;

    public override bool IsAbandoned => timer.IsStopped;

    public override void Run(ActivationData activation) => _ = timer.RunTickAsync(activation, this);

    public override void Fail(Exception exception) => timer.OnTickDropped();
}
