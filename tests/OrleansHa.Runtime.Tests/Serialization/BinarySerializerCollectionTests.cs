using System.Collections.Immutable;

namespace OrleansHa.Runtime.Tests.Serialization;

public sealed class BinarySerializerCollectionTests
{
    [Fact]
    public void Deserialize_WhenMutableCollections_ReturnsEqualContents()
    {
        int[] array = [1, -2, 3];
        List<string?> list = ["a", null, "c"];
        var dictionary = new Dictionary<string, List<int>> { ["x"] = [1], ["y"] = [] };
        var set = new HashSet<Guid> { Guid.NewGuid(), Guid.NewGuid() };
        var sorted = new SortedDictionary<int, string> { [3] = "c", [1] = "a" };

        Assert.Equal(array, RoundTrip.Typed(array));
        Assert.Equal(list, RoundTrip.Typed(list));
        var dictionaryCopy = RoundTrip.Typed(dictionary);
        Assert.Equal(dictionary.Keys, dictionaryCopy.Keys);
        Assert.Equal(dictionary["x"], dictionaryCopy["x"]);
        Assert.True(set.SetEquals(RoundTrip.Typed(set)));
        Assert.Equal(sorted, RoundTrip.Typed(sorted));
        Assert.Empty(RoundTrip.Typed(Array.Empty<Point>()));
    }

    [Fact]
    public void Deserialize_WhenImmutableCollections_ReturnsEqualContents()
    {
        var array = ImmutableArray.Create(1, 2, 3);
        var list = ImmutableList.Create("a", "b");
        var set = ImmutableHashSet.Create(4, 5);
        var dictionary = ImmutableDictionary.CreateRange([KeyValuePair.Create("k", new Point(1, 1))]);

        Assert.Equal([1, 2, 3], RoundTrip.Typed(array).ToArray());
        Assert.True(RoundTrip.Typed(default(ImmutableArray<int>)).IsDefault);
        Assert.Equal(list, RoundTrip.Typed(list));
        Assert.True(set.SetEquals(RoundTrip.Typed(set)));
        Assert.Equal(dictionary["k"], RoundTrip.Typed(dictionary)["k"]);
    }

    [Fact]
    public void Deserialize_WhenInterfaceTypedMembers_MaterializesListsAndDictionaries()
    {
        var envelope = new Envelope
        {
            Numbers = new[] { 1, 2, 3 }.Select(n => n * 10).ToList().AsReadOnly(),
            Map = new SortedList<string, int> { ["a"] = 1 },
            Names = new[] { "x", "y" }.Where(n => n.Length == 1),
            Fixed = [7, 8],
        };

        var copy = RoundTrip.Typed(envelope);

        Assert.Equal([10, 20, 30], copy.Numbers!);
        Assert.IsType<List<int>>(copy.Numbers);
        Assert.Equal(1, copy.Map!["a"]);
        Assert.IsType<Dictionary<string, int>>(copy.Map);
        Assert.Equal(["x", "y"], copy.Names!);
        Assert.Equal([7, 8], copy.Fixed.ToArray());
    }

    [Fact]
    public void Deserialize_WhenInterfaceMemberHoldsSerializableType_KeepsThatType()
    {
        var envelope = new Envelope { Names = new HashSet<string> { "only" }, Numbers = ImmutableList.Create(1) };

        var copy = RoundTrip.Typed(envelope);

        Assert.IsType<HashSet<string>>(copy.Names);
        Assert.IsType<ImmutableList<int>>(copy.Numbers);
    }

    [Fact]
    public void Deserialize_WhenCollectionOfPolymorphicElements_KeepsEachRuntimeType()
    {
        List<Shape> shapes = [new Circle { Radius = 1, Label = "c" }, new Square { Side = 2 }];
        List<object?> mixed = [1, "two", 3.0, null, new Point(4, 5), new List<int> { 6 }, Colour.Red];

        var shapesCopy = RoundTrip.Typed(shapes);
        var mixedCopy = RoundTrip.Typed(mixed);

        Assert.Equal(1, Assert.IsType<Circle>(shapesCopy[0]).Radius);
        Assert.Equal("c", shapesCopy[0].Label);
        Assert.Equal(2, Assert.IsType<Square>(shapesCopy[1]).Side);
        Assert.Equal(mixed.Take(5), mixedCopy.Take(5));
        Assert.Equal([6], Assert.IsType<List<int>>(mixedCopy[5]));
        Assert.Equal(Colour.Red, mixedCopy[6]);
    }
}
