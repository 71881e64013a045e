using System.Collections.Immutable;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>Something an activation runs as a turn under its scheduling rules: a grain call or a timer tick.</summary>
internal abstract class WorkRequest(ImmutableDictionary<string, object> values, GrainId target, CallContextData? caller)
    : CallContextData(values, target, caller)
{
    /// <summary>Read-only requests interleave with each other.</summary>
    public abstract bool IsReadOnly { get; }

    /// <summary>Whether this request may run beside others regardless of the class's reentrancy.</summary>
    public abstract bool AlwaysInterleaves { get; }

    /// <summary>Whether finishing it counts as activity for idle collection.</summary>
    public abstract bool CountsAsActivity { get; }

    /// <summary>True when nobody waits for it any more (it timed out before it started): it is dropped, not run.</summary>
    public abstract bool IsAbandoned { get; }

    /// <summary>Runs the turn; called in the activation's context. Must call <see cref="ActivationData.OnRequestCompleted"/> when done.</summary>
    public abstract void Run(ActivationData activation);

    /// <summary>Fails the request without running it (activation failed, silo stopped).</summary>
    public abstract void Fail(Exception exception);
}
