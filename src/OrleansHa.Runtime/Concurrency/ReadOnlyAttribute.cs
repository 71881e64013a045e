namespace Orleans.Concurrency;

/// <summary>On a grain interface method: it does not change state, so read-only calls interleave with each other.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute
{
}
