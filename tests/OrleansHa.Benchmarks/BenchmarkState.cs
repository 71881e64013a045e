namespace OrleansHa.Benchmarks;

/// <summary>A grain state of a typical size (a few hundred bytes of JSON), used by the storage benchmarks.</summary>
[GenerateSerializer]
public sealed class BenchmarkState
{
    [Id(0)]
    public long Counter { get; set; }

    [Id(1)]
    public string Owner { get; set; } = string.Empty;

    [Id(2)]
    public List<string> Destinations { get; set; } = [];

    [Id(3)]
    public DateTime LastRunUtc { get; set; }

    [Id(4)]
    public Dictionary<string, long> Counts { get; set; } = [];

    public static BenchmarkState Sample() => new()
    {
        Owner = "alice",
        Destinations = ["BACKUP", "DR-SITE", "ARCHIVE"],
        LastRunUtc = new DateTime(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc),
        Counts = new() { ["scanned"] = 123_456, ["copied"] = 789, ["deleted"] = 12, ["bytes"] = 987_654_321 },
    };
}
