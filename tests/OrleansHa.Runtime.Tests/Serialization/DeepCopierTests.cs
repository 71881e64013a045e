using System.Collections.Immutable;
using Orleans.Concurrency;
using OrleansHa.Runtime.Serialization;

namespace OrleansHa.Runtime.Tests.Serialization;

public sealed class DeepCopierTests
{
    private static readonly DeepCopier Copier = DeepCopier.Default;

    public static TheoryData<Type, bool> ShallowRules() => new()
    {
        { typeof(int), true },
        { typeof(string), true },
        { typeof(decimal), true },
        { typeof(DateTime), true },
        { typeof(DateTimeOffset), true },
        { typeof(TimeSpan), true },
        { typeof(Guid), true },
        { typeof(Uri), true },
        { typeof(Version), true },
        { typeof(CancellationToken), true },
        { typeof(Colour), true },
        { typeof(ShallowPair), true },
        { typeof(KeyValuePair<string, int>), true },
        { typeof(int?), true },
        { typeof(Immutable<List<int>>), true },
        { typeof(Point), true },
        { typeof(ImmutableBox), true },
        { typeof(ImmutableList<string>), true },
        { typeof(ImmutableArray<Point>), true },
        { typeof(InvalidOperationException), true },
        { typeof(Orleans.Runtime.GrainId), true },
        { typeof(ImmutableButOpen), false },
        { typeof(DeepPair), false },
        { typeof(Person), false },
        { typeof(object), false },
        { typeof(int[]), false },
        { typeof(List<int>), false },
        { typeof(ImmutableList<Person>), false },
        { typeof(KeyValuePair<string, Person>), false },
    };

    [Theory]
    [MemberData(nameof(ShallowRules))]
    public void IsShallowCopyable_WhenType_FollowsOrleansRules(Type type, bool expected)
        => Assert.Equal(expected, DeepCopier.IsShallowCopyable(type));

    [Fact]
    public void Copy_WhenValueIsShallow_ReturnsSameInstance()
    {
        var point = new Point(1, 2);
        var box = new ImmutableBox { Items = [1] };
        var wrapped = new List<int> { 1 }.AsImmutable();
        var error = new InvalidOperationException("x");
        var list = ImmutableList.Create("a");
        object boxed = 5;

        Assert.Same(point, Copier.Copy(point));
        Assert.Same(box, Copier.Copy(box));
        Assert.Same(wrapped.Value, Copier.Copy(wrapped).Value);
        Assert.Same(error, Copier.Copy<Exception>(error));
        Assert.Same(list, Copier.Copy(list));
        Assert.Same(boxed, Copier.Copy(boxed));
        Assert.Same(point, Copier.Copy((object)point));
        Assert.Same(point, Copier.Copy<object>(point));
        Assert.Same(error, Copier.Copy<object>(error));
    }

    [Fact]
    public void Copy_WhenMutableClass_CopiesEveryLevelDeeply()
    {
        var person = new Person { Name = "Ada", Age = 36, Tags = ["math"], Friend = new Person { Name = "Charles" }, NotSerialized = "kept" };

        var copy = Copier.Copy(person);

        Assert.NotSame(person, copy);
        Assert.NotSame(person.Tags, copy.Tags);
        Assert.NotSame(person.Friend, copy.Friend);
        Assert.Equal(("Ada", 36, "Charles", "kept"), (copy.Name, copy.Age, copy.Friend!.Name, copy.NotSerialized));
        Assert.Equal(person.Tags, copy.Tags);
    }

    [Fact]
    public void Copy_WhenImmutableAttributeOnOpenClass_StillCopies()
    {
        var open = new ImmutableButOpen { Items = [1] };

        var copy = Copier.Copy(open);

        Assert.NotSame(open, copy);
        Assert.NotSame(open.Items, copy.Items);
    }

    [Fact]
    public void Copy_WhenMembersAreMarkedImmutable_SharesThoseMembersOnly()
    {
        var value = new WithImmutableMembers { Shared = [1], Copied = [2], SharedField = [3] };

        var copy = Copier.Copy(value);

        Assert.NotSame(value, copy);
        Assert.Same(value.Shared, copy.Shared);
        Assert.Same(value.SharedField, copy.SharedField);
        Assert.NotSame(value.Copied, copy.Copied);
    }

    [Fact]
    public void Copy_WhenSharedReferencesAndCycles_PreservesGraphShape()
    {
        var shared = new Person { Name = "shared" };
        var first = new Node { Value = 1, Payload = shared };
        var second = new Node { Value = 2, Next = first, Payload = new List<object> { shared, shared } };
        first.Next = second;

        var copy = Copier.Copy(first);

        Assert.NotSame(first, copy);
        Assert.Same(copy, copy.Next!.Next);
        var payload = Assert.IsType<List<object>>(copy.Next.Payload);
        Assert.Same(copy.Payload, payload[0]);
        Assert.Same(payload[0], payload[1]);
        Assert.NotSame(shared, payload[0]);
    }

    [Fact]
    public void Copy_WhenInitOnlyAndReadonlyMembers_CopiesWithoutConstructors()
    {
        var secret = Guid.NewGuid();
        var value = new InitOnly(7, secret) { Name = "n" };

        var copy = Copier.Copy(value);

        Assert.NotSame(value, copy);
        Assert.Equal(("n", 7, secret), (copy.Name, copy.Count, copy.Secret));
    }

    [Fact]
    public void Copy_WhenCollections_CopiesContainersAndMutableElements()
    {
        var person = new Person { Name = "p" };
        Person[] array = [person, person];
        var dictionary = new Dictionary<string, Person>(StringComparer.OrdinalIgnoreCase) { ["A"] = person };
        var set = new HashSet<int> { 1, 2 };
        var immutable = ImmutableList.Create(person);
        var deep = new DeepPair(1, [1, 2]);
        var grid = new int[2, 2] { { 1, 2 }, { 3, 4 } };

        var arrayCopy = Copier.Copy(array);
        var dictionaryCopy = Copier.Copy(dictionary);
        var setCopy = Copier.Copy(set);
        var immutableCopy = Copier.Copy(immutable);
        var deepCopy = Copier.Copy(deep);
        var gridCopy = Copier.Copy(grid);

        Assert.NotSame(array[0], arrayCopy[0]);
        Assert.Same(arrayCopy[0], arrayCopy[1]);
        Assert.NotSame(person, dictionaryCopy["a"]);
        Assert.Same(StringComparer.OrdinalIgnoreCase, dictionaryCopy.Comparer);
        Assert.NotSame(set, setCopy);
        Assert.True(set.SetEquals(setCopy));
        Assert.NotSame(person, immutableCopy[0]);
        Assert.NotSame(deep.Items, deepCopy.Items);
        Assert.Equal(deep.Items, deepCopy.Items);
        Assert.NotSame(grid, gridCopy);
        Assert.Equal(4, gridCopy[1, 1]);
    }

    [Fact]
    public void Copy_WhenDeclaredAsBaseOrObject_CopiesByRuntimeType()
    {
        Shape shape = new Square { Side = 2, Inner = new Circle { Radius = 1 } };
        object boxedStruct = new DeepPair(3, [3]);

        var copy = Assert.IsType<Square>(Copier.Copy(shape));
        var structCopy = Assert.IsType<DeepPair>(Copier.Copy(boxedStruct));

        Assert.NotSame(shape, copy);
        Assert.IsType<Circle>(copy.Inner);
        Assert.NotSame(((Square)shape).Inner, copy.Inner);
        Assert.NotSame(((DeepPair)boxedStruct).Items, structCopy.Items);
    }

    [Fact]
    public void Copy_WhenNull_ReturnsNull()
    {
        Assert.Null(Copier.Copy<Person?>(null));
        Assert.Null(Copier.Copy(null));
    }
}
