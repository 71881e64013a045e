namespace Orleans.Concurrency;

/// <summary>On a grain interface method returning <c>Task</c> or <c>ValueTask</c>: the caller does not wait and sees no failure.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute
{
}
