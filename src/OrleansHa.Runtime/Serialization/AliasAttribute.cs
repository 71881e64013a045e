namespace Orleans;

/// <summary>A stable name for a type or method, used in place of its CLR name on the wire.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Method | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class AliasAttribute(string alias) : Attribute
{
    /// <summary>The alias.</summary>
    public string Alias { get; } = alias;
}
