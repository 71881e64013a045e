namespace Orleans.Concurrency;

/// <summary>
/// On a grain class: names a static method <c>bool Name(IInvokable request)</c> of the class that decides, per request,
/// whether the request may interleave.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class MayInterleaveAttribute(string callbackMethodName) : Attribute
{
    /// <summary>The name of the static predicate method.</summary>
    public string CallbackMethodName { get; } = callbackMethodName;
}
