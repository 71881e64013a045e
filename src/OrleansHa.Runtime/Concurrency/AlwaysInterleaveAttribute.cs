namespace Orleans.Concurrency;

/// <summary>On a grain interface method: calls to it interleave with any other request.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute
{
}
