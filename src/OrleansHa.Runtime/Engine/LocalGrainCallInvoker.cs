using System.Reflection;
using Orleans.Runtime;
using OrleansHa.Runtime.Invocation;

namespace OrleansHa.Runtime.Engine;

/// <summary>The silo's invoker: dispatches to local activations with the copying, scheduling and timeout rules.</summary>
internal sealed class LocalGrainCallInvoker(SiloRuntime runtime) : IGrainCallInvoker
{
    public SiloRuntime Runtime { get; } = runtime;

    public Task<object?> InvokeAsync(GrainId target, MethodInfo interfaceMethod, object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(interfaceMethod);
        ArgumentNullException.ThrowIfNull(arguments);
        var method = GrainInterfaceInfo.Get(interfaceMethod.DeclaringType!).Find(interfaceMethod);
        if (arguments.Length != method.ParameterTypes.Length)
        {
            throw new ArgumentException($"{method.Name} takes {method.ParameterTypes.Length} arguments; {arguments.Length} were given.", nameof(arguments));
        }

        return Runtime.Invoke<object?>(target, method, arguments);
    }
}
