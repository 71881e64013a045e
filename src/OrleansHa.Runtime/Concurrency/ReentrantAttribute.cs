namespace Orleans.Concurrency;

/// <summary>On a grain class: requests interleave at awaits (still one thread at a time).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ReentrantAttribute : Attribute
{
}
