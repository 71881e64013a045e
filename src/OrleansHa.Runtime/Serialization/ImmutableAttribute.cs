namespace Orleans;

/// <summary>
/// Marks a type, member or parameter whose value is never mutated, so calls pass it without a copy.
/// On a type it counts only when the type is sealed or a value type.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, Inherited = false)]
public sealed class ImmutableAttribute : Attribute
{
}
