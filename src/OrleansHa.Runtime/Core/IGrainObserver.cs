using Orleans.Runtime;

namespace Orleans;

/// <summary>The marker for observer interfaces: objects a client exposes to grains through <see cref="IGrainFactory.CreateObjectReference{TGrainObserverInterface}"/>.</summary>
public interface IGrainObserver : IAddressable
{
}
