using System.Text;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Tests.Serialization;

public sealed class BinarySerializerExceptionTests
{
    [Fact]
    public void Deserialize_WhenFrameworkExceptionWithInner_RecreatesTypesMessagesAndStackText()
    {
        var original = Capture(() => throw new InvalidOperationException("outer", new ArgumentException("bad argument", "name")));

        var copy = RoundTrip.Typed<Exception>(original);

        var outer = Assert.IsType<InvalidOperationException>(copy);
        Assert.Equal("outer", outer.Message);
        var inner = Assert.IsType<ArgumentException>(outer.InnerException);
        Assert.Equal(original.InnerException!.Message, inner.Message);
        Assert.Contains(nameof(Capture), outer.StackTrace, StringComparison.Ordinal);
        Assert.Equal(original.HResult, outer.HResult);
    }

    [Fact]
    public void Deserialize_WhenApplicationExceptionType_RecreatesSameType()
    {
        var copy = RoundTrip.Typed<Exception>(new CustomFailureException("custom", null));

        Assert.Equal("custom", Assert.IsType<CustomFailureException>(copy).Message);
    }

    [Fact]
    public void Deserialize_WhenExceptionIsGenerateSerializer_KeepsIdMembers()
    {
        var copy = RoundTrip.Typed(new Envelope { Error = new DetailedException("detailed", 42) });

        var error = Assert.IsType<DetailedException>(copy.Error);
        Assert.Equal(("detailed", 42), (error.Message, error.Code));
    }

    [Fact]
    public void Deserialize_WhenInconsistentStateException_KeepsBothEtags()
    {
        var copy = RoundTrip.Typed<Exception>(new Orleans.Storage.InconsistentStateException("lost race", "7", "5"));

        var error = Assert.IsType<Orleans.Storage.InconsistentStateException>(copy);
        Assert.Equal(("lost race", "7", "5"), (error.Message, error.StoredEtag, error.CurrentEtag));
    }

    [Fact]
    public void Deserialize_WhenExceptionHasNoMessageConstructor_ReturnsOrleansExceptionNamingType()
    {
        var copy = RoundTrip.Typed<Exception>(new NoUsableConstructorException(7));

        var standIn = Assert.IsType<OrleansException>(copy);
        Assert.Contains(nameof(NoUsableConstructorException), standIn.Message, StringComparison.Ordinal);
        Assert.Contains("code 7", standIn.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_WhenExceptionTypeIsUnknownHere_ReturnsOrleansExceptionNamingType()
    {
        var bytes = RoundTrip.Serializer.SerializeToArray<Exception>(new CustomFailureException("lost", null));
        var text = Encoding.Latin1.GetString(bytes).Replace("CustomFailureException", "CustomFailureXxception", StringComparison.Ordinal);

        var copy = RoundTrip.Serializer.Deserialize(Encoding.Latin1.GetBytes(text), typeof(Exception));

        var standIn = Assert.IsType<OrleansException>(copy);
        Assert.Contains("CustomFailureXxception", standIn.Message, StringComparison.Ordinal);
        Assert.Contains("lost", standIn.Message, StringComparison.Ordinal);
    }

    private static Exception Capture(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("The action did not throw.");
    }
}
