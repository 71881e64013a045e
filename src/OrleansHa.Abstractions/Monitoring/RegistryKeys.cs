namespace OrleansHa.Monitoring;

/// <summary>Keys of the system-wide singleton grains.</summary>
public static class RegistryKeys
{
    /// <summary>The key of the registry, status and settings grains: <c>system</c>.</summary>
    public const string System = "system";
}
