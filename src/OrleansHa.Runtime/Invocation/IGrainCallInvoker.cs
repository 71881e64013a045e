using System.Reflection;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Invocation;

/// <summary>
/// Carries a call on a grain interface method to a grain. Grain reference proxies call it; the silo's
/// implementation dispatches to a local activation, the gateway client's sends the call over the wire.
/// Hosting code only: grains never see it.
/// </summary>
public interface IGrainCallInvoker
{
    /// <summary>
    /// Invokes <paramref name="interfaceMethod"/> (a method of a grain interface) on the grain
    /// <paramref name="target"/>. The task completes with the method's result (null for <c>Task</c>
    /// and <c>ValueTask</c>), or faults with the grain's exception.
    /// </summary>
    Task<object?> InvokeAsync(GrainId target, MethodInfo interfaceMethod, object?[] arguments);
}
