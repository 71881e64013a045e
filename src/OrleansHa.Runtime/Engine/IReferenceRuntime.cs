using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>Where a grain reference sends its calls: the silo's typed fast path, or an <see cref="Invocation.IGrainCallInvoker"/>.</summary>
internal interface IReferenceRuntime
{
    Task<T> Invoke<T>(GrainReference target, GrainMethod method, object?[] arguments);
}
