namespace OrleansHa.Storage.Tests.Conformance;

/// <summary>A persisted state with properties, a public field and a collection, as grains declare them.</summary>
public sealed class TestState
{
    public int Version;

    [Orleans.Id(0)]
    public string Name { get; set; } = string.Empty;

    [Orleans.Id(1)]
    public int Count { get; set; }

    [Orleans.Id(2)]
    public List<string> Items { get; set; } = [];
}
