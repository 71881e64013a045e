using System.Collections.Immutable;
using System.Runtime.Serialization;

namespace OrleansHa.Runtime.Tests.Serialization;

/// <summary>Corrupted input must fail as a SerializationException from data validation, never as a bug in the reader.</summary>
public sealed class BinarySerializerFuzzTests
{
    [Fact]
    public void Deserialize_WhenBytesAreCorrupted_ReturnsOrThrowsSerializationExceptionOnly()
    {
        var shared = new Person { Name = "shared", Tags = ["a", "b"], Colour = Colour.Green };
        shared.Friend = shared;
        var value = new Envelope
        {
            Body = new List<object?> { 1, "two", new Point(3, 4), shared, shared, new Measurement { Value = 2, Unit = "m" }, Guid.NewGuid(), 2.5m },
            Numbers = [1, 2, 3],
            Map = new Dictionary<string, int> { ["k"] = 1 },
            Names = ["x"],
            Fixed = ImmutableArray.Create(9),
            Error = new InvalidOperationException("boom", new ArgumentException("inner")),
        };
        var original = RoundTrip.Serializer.SerializeToArray(value);
        var random = new Random(12345);
        var unexpected = new List<string>();

        for (var attempt = 0; attempt < 4000; attempt++)
        {
            var bytes = (byte[])original.Clone();
            var flips = random.Next(1, 4);
            for (var i = 0; i < flips; i++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            try
            {
                RoundTrip.Serializer.Deserialize(bytes, typeof(Envelope));
            }
            catch (SerializationException e) when (e.InnerException is null or ArgumentException or FormatException or OverflowException or UriFormatException)
            {
                // Refused as invalid data: what a reader must do.
            }
            catch (Exception e)
            {
                unexpected.Add($"{e.GetType().Name}: {e.Message} / {e.InnerException?.GetType().Name}: {e.InnerException?.Message}");
            }
        }

        Assert.Empty(unexpected.Distinct().Take(10));
    }
}
