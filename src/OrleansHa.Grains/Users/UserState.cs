namespace OrleansHa.Grains.Users;

/// <summary>The persisted state of a user grain.</summary>
[GenerateSerializer, Alias("orleansha.user-state")]
public sealed class UserState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public int Uid { get; set; }
    [Id(2)] public int Gid { get; set; }
    [Id(3)] public int MaxPriority { get; set; }
    [Id(4)] public List<string> Roots { get; set; } = [];
    [Id(5)] public bool Suspended { get; set; }
    [Id(6)] public List<string> FileSets { get; set; } = [];
    [Id(7)] public long Version { get; set; }
}
