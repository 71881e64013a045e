using System.Buffers;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Tests.Serialization;

public sealed class BinarySerializerValueTests
{
    public static TheoryData<object?, Type> Values() => new()
    {
        { null, typeof(string) },
        { true, typeof(bool) },
        { (byte)250, typeof(byte) },
        { (sbyte)-5, typeof(sbyte) },
        { short.MinValue, typeof(short) },
        { ushort.MaxValue, typeof(ushort) },
        { int.MinValue, typeof(int) },
        { uint.MaxValue, typeof(uint) },
        { long.MinValue, typeof(long) },
        { ulong.MaxValue, typeof(ulong) },
        { 'é', typeof(char) },
        { 3.25f, typeof(float) },
        { double.NaN, typeof(double) },
        { -1.5e300, typeof(double) },
        { 79228162514264337593543950335m, typeof(decimal) },
        { -0.0000001m, typeof(decimal) },
        { "héllo wörld ✓ 𝄞", typeof(string) },
        { string.Empty, typeof(string) },
        { new string('x', 5000), typeof(string) },
        { new DateTime(2026, 11, 21, 10, 31, 0, DateTimeKind.Utc), typeof(DateTime) },
        { new DateTimeOffset(2026, 11, 21, 10, 31, 0, TimeSpan.FromHours(-5)), typeof(DateTimeOffset) },
        { TimeSpan.FromTicks(-123456789), typeof(TimeSpan) },
        { Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), typeof(Guid) },
        { new Uri("https://example.org/a?b=c"), typeof(Uri) },
        { new Uri("relative/path", UriKind.Relative), typeof(Uri) },
        { new Version(1, 2, 3, 4), typeof(Version) },
        { new DateOnly(2026, 11, 21), typeof(DateOnly) },
        { new TimeOnly(23, 59, 58), typeof(TimeOnly) },
        { Colour.Blue, typeof(Colour) },
        { DayOfWeek.Friday, typeof(DayOfWeek) },
        { (int?)42, typeof(int?) },
        { null, typeof(int?) },
        { GrainId.Create("counter", "a/b"), typeof(GrainId) },
        { GrainType.Create("counter"), typeof(GrainType) },
        { IdSpan.Create("key"), typeof(IdSpan) },
        { default(GrainId), typeof(GrainId) },
        { 12, typeof(object) },
        { "boxed", typeof(object) },
        { Colour.Green, typeof(object) },
        { new Point(1, 2), typeof(object) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Deserialize_WhenValueWasSerialized_ReturnsEqualValue(object? value, Type declaredType)
    {
        var untyped = RoundTrip.Untyped(value, declaredType);
        var segmented = RoundTrip.Segmented(value, declaredType, 3);

        Assert.Equal(value, untyped);
        Assert.Equal(value, segmented);
    }

    [Fact]
    public void Deserialize_WhenByteArrayIsLarge_ReturnsSameBytes()
    {
        var bytes = new byte[1 << 20];
        new Random(7).NextBytes(bytes);

        var copy = RoundTrip.Typed(bytes);
        var viaWriter = (byte[])RoundTrip.Untyped(bytes, typeof(byte[]))!;

        Assert.Equal(bytes, copy);
        Assert.Equal(bytes, viaWriter);
        Assert.NotSame(bytes, copy);
    }

    [Fact]
    public void SerializeToArray_WhenByteArray_WritesBytesRawWithSmallOverhead()
    {
        var bytes = new byte[100_000];

        var encoded = RoundTrip.Serializer.SerializeToArray(bytes);

        Assert.InRange(encoded.Length, bytes.Length, bytes.Length + 6);
    }

    [Fact]
    public void Deserialize_WhenMemoryOfBytes_ReturnsSameBytes()
    {
        byte[] data = [0, 1, 2, 255, 254];

        var readOnly = RoundTrip.Typed<ReadOnlyMemory<byte>>(data.AsMemory(1, 3));
        var writable = RoundTrip.Typed<Memory<byte>>(data.AsMemory());
        var empty = RoundTrip.Typed(ReadOnlyMemory<byte>.Empty);

        Assert.Equal(new byte[] { 1, 2, 255 }, readOnly.ToArray());
        Assert.Equal(data, writable.ToArray());
        Assert.True(empty.IsEmpty);
    }

    [Fact]
    public void Deserialize_WhenSeveralLargeBlocksBetweenOtherValues_KeepsEveryByteInOrder()
    {
        var data = new byte[200_000];
        new Random(3).NextBytes(data);
        var value = ((ReadOnlyMemory<byte>)data.AsMemory(17, 100_000), "between", data, 5, (Memory<byte>)data.AsMemory(1, 50_000));

        var typed = RoundTrip.Typed(value);
        var viaWriter = ((ReadOnlyMemory<byte>, string, byte[], int, Memory<byte>))RoundTrip.Untyped(value, value.GetType())!;

        foreach (var copy in new[] { typed, viaWriter })
        {
            Assert.Equal(data.AsSpan(17, 100_000).ToArray(), copy.Item1.ToArray());
            Assert.Equal(("between", 5), (copy.Item2, copy.Item4));
            Assert.Equal(data, copy.Item3);
            Assert.Equal(data.AsSpan(1, 50_000).ToArray(), copy.Item5.ToArray());
        }
    }

    [Fact]
    public void Deserialize_WhenImmutableWrapper_ReturnsWrappedValue()
    {
        var value = new List<int> { 1, 2, 3 }.AsImmutable();

        var copy = RoundTrip.Typed(value);

        Assert.Equal(value.Value, copy.Value);
    }

    [Fact]
    public void Deserialize_WhenTuplesAndPairs_ReturnsEqualValues()
    {
        var tuple = Tuple.Create(1, "two", 3.0);
        var valueTuple = (1, "two", new Point(3, 4), (byte)5, 'c', 6L, 7m);
        var pair = new KeyValuePair<string, int>("k", 9);

        Assert.Equal(tuple, RoundTrip.Typed(tuple));
        Assert.Equal(valueTuple, RoundTrip.Typed(valueTuple));
        Assert.Equal(pair, RoundTrip.Typed(pair));
        Assert.Equal((object)valueTuple, RoundTrip.Untyped(valueTuple, typeof(object)));
    }

    [Fact]
    public void Deserialize_WhenTrailingBytes_ThrowsNamingTheProblem()
    {
        var bytes = RoundTrip.Serializer.SerializeToArray(5).Concat(new byte[] { 0 }).ToArray();

        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(
            () => RoundTrip.Serializer.Deserialize<int>(new ReadOnlySequence<byte>(bytes)));

        Assert.Contains("1 bytes after", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_WhenValueDoesNotMatchDeclaredType_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => RoundTrip.Serializer.SerializeToArray("text", typeof(int)));
        Assert.Throws<ArgumentException>(() => RoundTrip.Serializer.SerializeToArray(null, typeof(int)));
    }
}
