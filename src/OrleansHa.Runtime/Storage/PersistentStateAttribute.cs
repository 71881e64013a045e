namespace Orleans.Runtime;

/// <summary>
/// On a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the state's name and the storage provider
/// (no name: the provider registered as "Default").
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The state's name.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name, or null for "Default".</summary>
    public string? StorageName { get; } = storageName;
}
