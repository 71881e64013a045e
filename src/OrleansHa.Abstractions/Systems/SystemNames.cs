namespace OrleansHa.Systems;

/// <summary>Names every OrleansHa system shares.</summary>
public static class SystemNames
{
    /// <summary>The Orleans service id of every OrleansHa system; a system's own name is its cluster id.</summary>
    public const string ServiceId = "orleansha";
}
