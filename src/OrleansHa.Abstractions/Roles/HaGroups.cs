namespace OrleansHa.Roles;

/// <summary>Names of HA groups.</summary>
public static class HaGroups
{
    /// <summary>The key of the one group a system belongs to (<see cref="IHaGroupGrain"/>).</summary>
    public const string Default = "default";
}
