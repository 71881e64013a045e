using System.Collections.Immutable;

namespace OrleansHa.Runtime.Tests.Serialization;

[GenerateSerializer, Immutable]
public sealed record Point([property: Id(0)] int X, [property: Id(1)] int Y);

[GenerateSerializer]
public sealed record PositionalOnParameters([Id(0)] string Name, [Id(1)] long Size);

[GenerateSerializer]
public enum Colour : byte
{
    Red = 1,
    Green = 2,
    Blue = 250,
}

[GenerateSerializer]
public sealed class Person
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public int Age { get; set; }

    [Id(2)]
    public List<string> Tags { get; set; } = [];

    [Id(3)]
    public Person? Friend { get; set; }

    [Id(4)]
    public Colour Colour { get; set; }

    public string NotSerialized { get; set; } = "default";
}

[GenerateSerializer]
public sealed class InitOnly
{
    [Id(0)]
    public required string Name { get; init; }

    [Id(1)]
    public int Count { get; }

    [Id(2)]
    private readonly Guid _secret;

    public InitOnly()
    {
    }

    public InitOnly(int count, Guid secret)
    {
        Count = count;
        _secret = secret;
    }

    public Guid Secret => _secret;
}

[GenerateSerializer]
public abstract class Shape
{
    [Id(0)]
    public string Label { get; set; } = string.Empty;
}

[GenerateSerializer, Alias("test.circle")]
public sealed class Circle : Shape
{
    [Id(0)]
    public double Radius { get; set; }
}

[GenerateSerializer]
public sealed class Square : Shape
{
    [Id(0)]
    public double Side { get; set; }

    [Id(1)]
    public Shape? Inner { get; set; }
}

[GenerateSerializer]
public sealed class Node
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public Node? Next { get; set; }

    [Id(2)]
    public object? Payload { get; set; }
}

[GenerateSerializer]
public struct Measurement
{
    [Id(0)]
    public double Value;

    [Id(1)]
    public string Unit;
}

[GenerateSerializer]
public sealed class Envelope
{
    [Id(0)]
    public object? Body { get; set; }

    [Id(1)]
    public IReadOnlyList<int>? Numbers { get; set; }

    [Id(2)]
    public IDictionary<string, int>? Map { get; set; }

    [Id(3)]
    public IEnumerable<string>? Names { get; set; }

    [Id(4)]
    public ImmutableArray<int> Fixed { get; set; }

    [Id(5)]
    public Exception? Error { get; set; }
}

[GenerateSerializer]
public sealed class Holder<T>
{
    [Id(0)]
    public T? Value { get; set; }
}

/// <summary>Version 1 of a contract.</summary>
[GenerateSerializer, Alias("test.contract")]
public sealed class ContractV1
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public int Count { get; set; }

    [Id(4)]
    public Person? Owner { get; set; }
}

/// <summary>Version 2 of the same contract: one more member, same alias.</summary>
[GenerateSerializer, Alias("test.contract")]
public sealed class ContractV2
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public int Count { get; set; }

    [Id(2)]
    public List<Person> People { get; set; } = [];

    [Id(3)]
    public string Note { get; set; } = "unset";

    [Id(4)]
    public Person? Owner { get; set; }
}

/// <summary>A plain class with no serializer attributes: must be refused.</summary>
public sealed class NotMarked
{
    public int Value { get; set; }
}

/// <summary>Extends a [GenerateSerializer] base without the attribute.</summary>
public sealed class UnmarkedShape : Shape
{
}

public sealed class CustomFailureException(string message, Exception? inner) : Exception(message, inner);

[GenerateSerializer]
public sealed class DetailedException : Exception
{
    public DetailedException(string message, Exception? inner)
        : base(message, inner)
    {
    }

    public DetailedException(string message, int code)
        : base(message) => Code = code;

    [Id(0)]
    public int Code { get; private set; }
}

public sealed class NoUsableConstructorException(int code) : Exception($"code {code}");

[GenerateSerializer]
public sealed class MutableRecordLike
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public int[] Values { get; set; } = [];

    [Id(2)]
    public Dictionary<string, Person> People { get; set; } = [];
}

[GenerateSerializer, Immutable]
public sealed class ImmutableBox
{
    [Id(0)]
    public List<int> Items { get; set; } = [];
}

[GenerateSerializer, Immutable]
public class ImmutableButOpen
{
    [Id(0)]
    public List<int> Items { get; set; } = [];
}

public readonly record struct ShallowPair(int Number, string Text);

public record struct DeepPair(int Number, List<int> Items);

[GenerateSerializer]
public sealed class WithImmutableMembers
{
    [Id(0)]
    [Immutable]
    public List<int> Shared { get; set; } = [];

    [Id(1)]
    public List<int> Copied { get; set; } = [];

    [Id(2)]
    [Immutable]
    public int[] SharedField = [];
}
