using System.Runtime.Serialization;
using System.Text;

namespace OrleansHa.Runtime.Tests.Serialization;

/// <summary>The reader is a security boundary: it builds only allowed types and bounded structures.</summary>
public sealed class BinarySerializerSecurityTests
{
    private const byte TypeHeader = 12;

    [Theory]
    [InlineData("System.IO.FileInfo,System.Private.CoreLib")]
    [InlineData("System.Diagnostics.Process,System.Diagnostics.Process")]
    [InlineData("OrleansHa.Runtime.Tests.Serialization.NotMarked,OrleansHa.Runtime.Tests")]
    public void Deserialize_WhenDataNamesTypeOutsideAllowList_Refuses(string typeName)
    {
        _ = typeof(System.Diagnostics.Process);
        var bytes = TypeHeaderFor(typeName).Concat(new byte[] { 7, 0 }).ToArray();

        var error = Assert.Throws<SerializationException>(() => RoundTrip.Serializer.Deserialize(bytes, typeof(object)));

        Assert.Contains("not allowed", error.Message, StringComparison.Ordinal);
        Assert.Contains("[GenerateSerializer]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_WhenDataNamesUnknownType_RefusesNamingIt()
    {
        var bytes = TypeHeaderFor("Nowhere.Evil,Nowhere").Concat(new byte[] { 7, 0 }).ToArray();

        var error = Assert.Throws<SerializationException>(() => RoundTrip.Serializer.Deserialize(bytes, typeof(object)));

        Assert.Contains("Nowhere.Evil", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_WhenTypeIsNotMarked_ThrowsNamingTypeAndFix()
    {
        var error = Assert.Throws<SerializationException>(() => RoundTrip.Serializer.SerializeToArray(new NotMarked(), typeof(NotMarked)));
        var nested = Assert.Throws<SerializationException>(() => RoundTrip.Serializer.SerializeToArray(new Holder<object> { Value = new NotMarked() }));
        var derived = Assert.Throws<SerializationException>(() => RoundTrip.Serializer.SerializeToArray<Shape>(new UnmarkedShape()));

        foreach (var message in new[] { error.Message, nested.Message, derived.Message })
        {
            Assert.Contains("[GenerateSerializer]", message, StringComparison.Ordinal);
            Assert.Contains("[Id(n)]", message, StringComparison.Ordinal);
        }

        Assert.Contains(nameof(NotMarked), nested.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(UnmarkedShape), derived.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_WhenLengthRunsPastTheEnd_RefusesWithoutAllocating()
    {
        byte[] bytes = [6, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 2];

        var error = Assert.Throws<SerializationException>(() => RoundTrip.Serializer.Deserialize(bytes, typeof(byte[])));

        Assert.Contains("past the end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_WhenNestingIsTooDeep_Refuses()
    {
        // Type headers naming object, nested far deeper than any real value.
        var bytes = new List<byte>(TypeHeaderFor("Object"));
        for (var i = 0; i < 2000; i++)
        {
            bytes.Add(TypeHeader);
            bytes.Add(1);
        }

        bytes.Add(0);

        var error = Assert.Throws<SerializationException>(() => RoundTrip.Serializer.Deserialize(bytes.ToArray(), typeof(object)));

        Assert.Contains("deeper than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_WhenTruncated_ThrowsSerializationException()
    {
        var bytes = RoundTrip.Serializer.SerializeToArray(new Person { Name = "truncated", Tags = ["a", "b"] });

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<SerializationException>(() => RoundTrip.Serializer.Deserialize(bytes.AsSpan(0, length), typeof(Person)));
        }
    }

    [Fact]
    public void Deserialize_WhenBackReferencePointsForward_Refuses()
    {
        byte[] bytes = [11, 5];

        var error = Assert.Throws<SerializationException>(() => RoundTrip.Serializer.Deserialize(bytes, typeof(Person)));

        Assert.Contains("reference 5", error.Message, StringComparison.Ordinal);
    }

    private static byte[] TypeHeaderFor(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        return [TypeHeader, 0, (byte)nameBytes.Length, .. nameBytes, 0];
    }
}
