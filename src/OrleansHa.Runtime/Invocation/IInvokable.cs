using System.Reflection;

namespace Orleans.Serialization.Invocation;

/// <summary>A request to a grain, as a <see cref="Concurrency.MayInterleaveAttribute"/> predicate sees it (a subset of Orleans' interface).</summary>
public interface IInvokable
{
    /// <summary>The number of arguments.</summary>
    int GetArgumentCount();

    /// <summary>The argument at <paramref name="index"/>.</summary>
    object? GetArgument(int index);

    /// <summary>The interface method called.</summary>
    MethodInfo GetMethod();

    /// <summary>The method's name.</summary>
    string GetMethodName();

    /// <summary>The interface's name.</summary>
    string GetInterfaceName();

    /// <summary>The interface type.</summary>
    Type GetInterfaceType();

    /// <summary>The target grain instance, when known.</summary>
    object? GetTarget();
}
