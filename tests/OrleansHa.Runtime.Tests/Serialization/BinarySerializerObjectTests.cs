using System.Runtime.Serialization;

namespace OrleansHa.Runtime.Tests.Serialization;

public sealed class BinarySerializerObjectTests
{
    [Fact]
    public void Deserialize_WhenRecordsAndClasses_ReturnsEqualMembers()
    {
        var person = new Person { Name = "Ada", Age = 36, Tags = ["math"], Colour = Colour.Blue, NotSerialized = "changed" };

        var copy = RoundTrip.Typed(person);

        Assert.Equal(new Point(3, 4), RoundTrip.Typed(new Point(3, 4)));
        Assert.Equal(new PositionalOnParameters("f", 9), RoundTrip.Typed(new PositionalOnParameters("f", 9)));
        Assert.Equal(("Ada", 36, Colour.Blue), (copy.Name, copy.Age, copy.Colour));
        Assert.Equal(["math"], copy.Tags);
        Assert.Equal("default", copy.NotSerialized);
    }

    [Fact]
    public void Deserialize_WhenInitOnlyGetOnlyAndReadonlyMembers_SetsThemWithoutConstructors()
    {
        var secret = Guid.NewGuid();
        var value = new InitOnly(7, secret) { Name = "n" };

        var copy = RoundTrip.Typed(value);

        Assert.Equal(("n", 7, secret), (copy.Name, copy.Count, copy.Secret));
    }

    [Fact]
    public void Deserialize_WhenStructWithFields_ReturnsEqualStruct()
    {
        var value = new Measurement { Value = 1.5, Unit = "m" };

        Assert.Equal(value, RoundTrip.Typed(value));
        Assert.Equal(value, RoundTrip.Untyped(value, typeof(object)));
    }

    [Fact]
    public void Deserialize_WhenDerivedClass_KeepsBaseAndDerivedMembersInTheirOwnIdSpaces()
    {
        Shape shape = new Square { Label = "outer", Side = 3, Inner = new Circle { Label = "inner", Radius = 0.5 } };

        var copy = Assert.IsType<Square>(RoundTrip.Typed(shape));

        Assert.Equal(("outer", 3.0), (copy.Label, copy.Side));
        var inner = Assert.IsType<Circle>(copy.Inner);
        Assert.Equal(("inner", 0.5), (inner.Label, inner.Radius));
    }

    [Fact]
    public void Deserialize_WhenSharedReferences_PreservesIdentity()
    {
        var shared = new Person { Name = "shared" };
        var list = new List<Person> { shared, shared, new() { Name = "other", Friend = shared } };
        var bytes = new byte[] { 1, 2 };
        var holder = new List<object> { bytes, bytes };

        var copy = RoundTrip.Typed(list);
        var holderCopy = RoundTrip.Typed(holder);

        Assert.Same(copy[0], copy[1]);
        Assert.Same(copy[0], copy[2].Friend);
        Assert.NotSame(copy[0], copy[2]);
        Assert.Same(holderCopy[0], holderCopy[1]);
    }

    [Fact]
    public void Deserialize_WhenCycles_RebuildsTheCycle()
    {
        var first = new Node { Value = 1 };
        var second = new Node { Value = 2, Next = first };
        first.Next = second;
        var list = new List<object?>();
        list.Add(list);
        first.Payload = list;

        var copy = RoundTrip.Typed(first);

        Assert.Same(copy, copy.Next!.Next);
        Assert.Equal(2, copy.Next.Value);
        var payload = Assert.IsType<List<object?>>(copy.Payload);
        Assert.Same(payload, payload[0]);
    }

    [Fact]
    public void Deserialize_WhenLongChain_DoesNotOverflowWithinDepthLimit()
    {
        var head = new Node();
        var current = head;
        for (var i = 0; i < 200; i++)
        {
            current.Next = new Node { Value = i };
            current = current.Next;
        }

        var copy = RoundTrip.Typed(head);

        var count = 0;
        for (var node = copy.Next; node is not null; node = node.Next)
        {
            count++;
        }

        Assert.Equal(200, count);
    }

    [Fact]
    public void Deserialize_WhenGenericGenerateSerializerType_RoundTripsPolymorphically()
    {
        object value = new Holder<List<Point>> { Value = [new Point(1, 2)] };

        var copy = Assert.IsType<Holder<List<Point>>>(RoundTrip.Untyped(value, typeof(object)));

        Assert.Equal(new Point(1, 2), Assert.Single(copy.Value!));
    }

    [Fact]
    public void Deserialize_WhenManyThreadsShareTheSerializer_EachRoundTripIsIntact()
    {
        var failures = 0;

        Parallel.For(0, 2000, i =>
        {
            var person = new Person { Name = $"p{i}", Age = i, Tags = [i.ToString(System.Globalization.CultureInfo.InvariantCulture)] };
            var bytes = RoundTrip.Serializer.SerializeToArray(new Holder<object> { Value = person });
            var copy = (Person)RoundTrip.Serializer.Deserialize<Holder<object>>(bytes.AsSpan()).Value!;
            if (copy.Name != person.Name || copy.Age != i || copy.Tags[0] != person.Tags[0])
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Deserialize_WhenAbstractTypeDeclaredButDataHasNoType_Throws()
    {
        var bytes = RoundTrip.Serializer.SerializeToArray(new Circle(), typeof(Circle));

        var error = Assert.Throws<SerializationException>(() => RoundTrip.Serializer.Deserialize(bytes, typeof(Shape)));

        Assert.Contains("abstract", error.Message, StringComparison.Ordinal);
    }
}
