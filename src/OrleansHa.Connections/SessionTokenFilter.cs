using OrleansHa.Security;

namespace OrleansHa.Connections;

/// <summary>
/// The client's outgoing call filter: every call carries the session token, and nothing else under OrleansHa's keys.
/// A principal or a silo signature that flowed into this client's call from the surrounding code (a grain of another
/// system calling out) is removed, so neither an identity nor a silo's signature ever crosses into another system.
/// </summary>
internal sealed class SessionTokenFilter(SessionTokenHolder holder) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        RequestContext.Remove(CallerPrincipal.PrincipalKey);
        RequestContext.Remove(CallerPrincipal.RoleKey);
        RequestContext.Remove(CallerPrincipal.SiloSignatureKey);
        // Only OrleansHa's own interfaces need the token; Orleans' calls while connecting (the cluster manifest) and
        // the login itself go without one.
        var contract = context.InterfaceMethod.DeclaringType;
        if (contract is null || contract == typeof(ILoginGrain) || contract.Assembly != typeof(ILoginGrain).Assembly)
        {
            RequestContext.Remove(CallerPrincipal.TokenKey);
        }
        else
        {
            RequestContext.Set(CallerPrincipal.TokenKey, (await holder.CurrentAsync()).Token);
        }

        await context.Invoke();
    }
}
