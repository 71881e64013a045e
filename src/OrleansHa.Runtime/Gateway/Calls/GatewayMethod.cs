using System.Reflection;
using Orleans;

namespace OrleansHa.Runtime.Gateway.Calls;

/// <summary>What both ends need to know about one grain method to encode its calls.</summary>
internal sealed class GatewayMethod
{
    public GatewayMethod(MethodInfo method)
    {
        Method = method;
        Identity = MethodIdentity.Of(method);
        var parameters = method.GetParameters();
        ParameterTypes = parameters.Select(p => p.ParameterType).ToArray();
        ResultType = ResultTypeOf(method.ReturnType);
        ResponseTimeout = method.GetCustomAttribute<ResponseTimeoutAttribute>()?.Timeout;
        DisplayName = $"{method.DeclaringType?.Name}.{method.Name}";
    }

    public MethodInfo Method { get; }

    public string Identity { get; }

    public Type[] ParameterTypes { get; }

    /// <summary>The T of Task&lt;T&gt; or ValueTask&lt;T&gt;; null for Task and ValueTask.</summary>
    public Type? ResultType { get; }

    /// <summary>The method's [ResponseTimeout], when it has one.</summary>
    public TimeSpan? ResponseTimeout { get; }

    /// <summary>Interface and method name, for error messages.</summary>
    public string DisplayName { get; }

    /// <summary>
    /// Set once a frame carrying this method's identity has been queued on the current connection; frames leave in
    /// queue order, so later requests may refer to the method by number alone.
    /// </summary>
    public volatile bool Defined;

    /// <summary>The method's number on its connection.</summary>
    public uint Number { get; init; }

    public static Type? ResultTypeOf(Type returnType)
    {
        if (returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return null;
        }

        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return returnType.GetGenericArguments()[0];
        }

        throw new NotSupportedException($"Grain method return type {returnType.FullName} is not supported: grain methods return Task, Task<T>, ValueTask or ValueTask<T>.");
    }
}
