using Orleans.Runtime;

namespace Orleans;

/// <summary>A grain class; <see cref="Grain"/> implements it, and a plain class may too (taking an <see cref="IGrainContext"/> in its constructor).</summary>
public interface IGrainBase
{
    /// <summary>The activation this grain instance lives in.</summary>
    IGrainContext GrainContext { get; }

    /// <summary>Called after persistent state is read and before the first request.</summary>
    Task OnActivateAsync(CancellationToken token);

    /// <summary>Called when the activation is deactivated cleanly (not after a crash).</summary>
    Task OnDeactivateAsync(DeactivationReason reason, CancellationToken token);
}
