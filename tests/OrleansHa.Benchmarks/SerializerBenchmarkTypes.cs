using Orleans;

namespace OrleansHa.Benchmarks;

/// <summary>A small message record, as grains exchange.</summary>
[GenerateSerializer, Immutable]
internal sealed record BenchOrder(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Customer,
    [property: Id(2)] int Quantity,
    [property: Id(3)] decimal Price,
    [property: Id(4)] DateTime Created,
    [property: Id(5)] bool Express,
    [property: Id(6)] List<string> Lines)
{
    public static BenchOrder Sample() => new(
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "customer-42", 3, 19.99m,
        new DateTime(2026, 11, 21, 10, 30, 0, DateTimeKind.Utc), true, ["sku-1", "sku-2"]);
}

/// <summary>A small mutable class, as a grain's state or a request object.</summary>
[GenerateSerializer]
internal sealed class BenchPerson
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public int Age { get; set; }

    [Id(2)]
    public List<string> Tags { get; set; } = [];

    [Id(3)]
    public int[] Scores { get; set; } = [];

    public static BenchPerson Sample() => new() { Name = "Ada", Age = 36, Tags = ["math", "engines"], Scores = [1, 2, 3] };

    /// <summary>What a careful engineer would write by hand.</summary>
    public BenchPerson HandCopy() => new() { Name = Name, Age = Age, Tags = [.. Tags], Scores = (int[])Scores.Clone() };
}

[GenerateSerializer, Immutable]
internal sealed record BenchPoint([property: Id(0)] int X, [property: Id(1)] int Y);
