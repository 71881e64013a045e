using Orleans.Runtime;
using OrleansHa.Runtime.Invocation;

namespace OrleansHa.Runtime.Engine;

/// <summary>Sends reference calls through any <see cref="IGrainCallInvoker"/> (e.g. the gateway client's connection).</summary>
internal sealed class InvokerReferenceRuntime(IGrainCallInvoker invoker) : IReferenceRuntime
{
    public Task<T> Invoke<T>(GrainReference target, GrainMethod method, object?[] arguments)
    {
        var call = invoker.InvokeAsync(target.GrainId, method.Method, arguments);
        if (method.OneWay)
        {
            // The caller of a one-way method sees no failure and does not wait.
            return Task.FromResult(default(T)!);
        }

        return call.IsCompletedSuccessfully ? Task.FromResult((T)call.Result!) : Convert(call);

        static async Task<T> Convert(Task<object?> call) => (T)(await call.ConfigureAwait(false))!;
    }
}
