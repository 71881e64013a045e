using Orleans.Runtime;
using OrleansHa.Runtime.Engine;

namespace Orleans;

/// <summary>
/// The base class of grains. The runtime constructs a grain through dependency injection when its first call arrives,
/// reads its persistent state, then calls <see cref="OnActivateAsync"/> before any request.
/// </summary>
public abstract class Grain : IGrainBase, IAddressable
{
    private readonly ActivationData _activation;

    /// <summary>Binds the grain to the activation being constructed.</summary>
    /// <exception cref="InvalidOperationException">The grain is created outside the runtime (e.g. with <c>new</c>).</exception>
    protected Grain()
    {
        _activation = ActivationData.Constructing
            ?? throw new InvalidOperationException(
                $"{GetType().FullName} was created outside the runtime. Grains are created by the silo; get a reference with IGrainFactory.GetGrain.");
    }

    /// <summary>The activation this grain lives in.</summary>
    public IGrainContext GrainContext => _activation;

    /// <summary>A reference to this grain.</summary>
    public GrainReference GrainReference => _activation.GrainReference;

    /// <summary>The grain's identity as text, e.g. <c>counter/a</c>.</summary>
    public string IdentityString => _activation.GrainId.ToString();

    /// <summary>The identity of the silo and activation, for diagnostics.</summary>
    public string RuntimeIdentity => _activation.RuntimeIdentity;

    /// <summary>The factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => _activation.Runtime.GrainFactory;

    /// <summary>The silo's services.</summary>
    protected internal IServiceProvider ServiceProvider => _activation.ActivationServices;

    /// <summary>Called after persistent state is loaded and before any request. The default does nothing.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called on a clean deactivation (idle, requested, shutdown); not after a crash. The default does nothing.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this grain once its current request has finished.</summary>
    protected void DeactivateOnIdle() => _activation.DeactivateOnIdle();

    /// <summary>Keeps this grain from idle collection for at least <paramref name="timeSpan"/> (negative: cancels an earlier delay).</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => _activation.DelayDeactivation(timeSpan);

    /// <summary>Migration needs several silos; on our single silo this deactivates on idle.</summary>
    protected void MigrateOnIdle() => _activation.DeactivateOnIdle();
}
