namespace Orleans;

/// <summary>Marks a type that crosses a grain call or is persisted. Our serializer reads its <see cref="IdAttribute"/> members.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum)]
public sealed class GenerateSerializerAttribute : Attribute
{
    /// <summary>Whether a positional record's primary-constructor parameters are serialized.</summary>
    public bool IncludePrimaryConstructorParameters { get; init; } = true;
}
