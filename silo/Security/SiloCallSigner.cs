using OrleansHa.Security;

namespace OrleansHa.Silo.Security;

/// <summary>
/// The silo's outgoing call filter: every call a silo makes (grain to grain, reminder ticks, Orleans' own calls)
/// carries the silo's signature of that call, which is how the receiving silo tells it from a client's.
/// </summary>
internal sealed class SiloCallSigner(SiloCallSignature signature) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(CallerPrincipal.SiloSignatureKey, signature.Sign(context.TargetId, context.InterfaceMethod));
        return context.Invoke();
    }
}
