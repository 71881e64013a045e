using System.Collections.Concurrent;
using System.Reflection;
using OrleansHa.Security;
using OrleansHa.Users;

namespace OrleansHa.Silo.Security;

/// <summary>
/// The silo's incoming call filter, the one place where a caller's identity is decided. Order of checks:
/// <list type="number">
/// <item>a call carrying a valid silo signature comes from a silo: it runs with the principal it carries;</item>
/// <item>a grain timer tick is made inside this silo (it cannot arrive over the network): it runs as the silo;</item>
/// <item>anything else came through the gateway. <see cref="ILoginGrain.LoginAsync"/> needs no token; an OrleansHa
/// interface needs a valid session token, whose account and role become the principal (whatever the client put in
/// <see cref="RequestContext"/> is overwritten), and a <see cref="SiloOnlyAttribute"/> interface is refused whatever
/// the token; of Orleans' own targets a client may reach only the cluster manifest it needs to connect; every other
/// call (reminder ticks, management grains, other system targets) is refused.</item>
/// </list>
/// The interface is taken from the request object itself (<see cref="IGrainCallContext.InterfaceMethod"/>), never
/// from the message header, which the caller writes.
/// </summary>
internal sealed partial class CallGuard(SiloCallSignature signature, SessionTokenService tokens, ILogger<CallGuard> logger) : IIncomingGrainCallFilter
{
    /// <summary>The key under which the filter tells the login grain who is calling (for throttling per source).</summary>
    public const string SourceKey = "orleansha.source";

    private static readonly Assembly InterfaceAssembly = typeof(IUserGrain).Assembly;

    // Whether an interface is [SiloOnly], looked up once per interface rather than by reflection on every call.
    private static readonly ConcurrentDictionary<Type, bool> SiloOnly = new();

    // Orleans interfaces a client itself calls on a silo while it connects.
    private static readonly HashSet<string> ClientSystemInterfaces = new(StringComparer.Ordinal)
    {
        "Orleans.Runtime.IClusterManifestSystemTarget",
    };

    // Async on purpose: what the guard sets in RequestContext (an AsyncLocal) stays inside this call.
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        var contract = method.DeclaringType;
        if (signature.Verify(RequestContext.Get(CallerPrincipal.SiloSignatureKey) as string, context.TargetId, method))
        {
            await context.Invoke();
            return;
        }

        if (contract?.FullName == "Orleans.Runtime.IGrainTimerInvoker")
        {
            CallerPrincipal.ActAsSilo();
            await context.Invoke();
            return;
        }

        var refusal = Admit(context, contract);
        if (refusal is not null)
        {
            LogRefused(logger, contract?.FullName ?? context.InterfaceName, context.MethodName, context.TargetId, refusal);
            throw new AccessDeniedException($"Refused {contract?.Name ?? context.InterfaceName}.{context.MethodName} on {context.TargetId}: {refusal}.");
        }

        await context.Invoke();
    }

    private string? Admit(IIncomingGrainCallContext context, Type? contract)
    {
        RequestContext.Remove(CallerPrincipal.SiloSignatureKey);
        if (contract == typeof(ILoginGrain))
        {
            RequestContext.Remove(CallerPrincipal.PrincipalKey);
            RequestContext.Remove(CallerPrincipal.RoleKey);
            RequestContext.Set(SourceKey, context.SourceId?.ToString() ?? "unknown");
            return null;
        }

        if (contract is null || contract.Assembly != InterfaceAssembly)
        {
            if (context.TargetId.Type.IsSystemTarget() && contract?.FullName is { } name && ClientSystemInterfaces.Contains(name))
            {
                return null;
            }

            return "clients may call only OrleansHa's grain interfaces";
        }

        if (!tokens.TryVerify(RequestContext.Get(CallerPrincipal.TokenKey) as string, out var account, out var role, out var problem))
        {
            return problem;
        }

        RequestContext.Set(CallerPrincipal.PrincipalKey, account);
        RequestContext.Set(CallerPrincipal.RoleKey, role);
        if (SiloOnly.GetOrAdd(contract, static c => c.GetCustomAttribute<SiloOnlyAttribute>() is not null))
        {
            return $"{contract.Name} is internal: only the silos call it";
        }

        return null;
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Warning, Message = "Refused a call to {Interface}.{Method} on {Target}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string @interface, string method, GrainId target, string reason);
}
