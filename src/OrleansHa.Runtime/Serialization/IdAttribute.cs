namespace Orleans;

/// <summary>The stable field id of a serialized member (or, on a method, of an invokable method).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class IdAttribute(uint id) : Attribute
{
    /// <summary>The id.</summary>
    public uint Id { get; } = id;
}
