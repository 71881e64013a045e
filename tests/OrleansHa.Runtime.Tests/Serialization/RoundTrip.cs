using System.Buffers;
using OrleansHa.Runtime.Serialization;

namespace OrleansHa.Runtime.Tests.Serialization;

/// <summary>Round trips through each public entry point, so every test covers typed and untyped paths.</summary>
internal static class RoundTrip
{
    public static BinarySerializer Serializer { get; } = new();

    public static T Typed<T>(T value)
    {
        var bytes = Serializer.SerializeToArray(value);
        return Serializer.Deserialize<T>(new ReadOnlySequence<byte>(bytes));
    }

    public static object? Untyped(object? value, Type declaredType)
    {
        var output = new ArrayBufferWriter<byte>();
        Serializer.Serialize(output, value, declaredType);
        return Serializer.Deserialize(output.WrittenSpan, declaredType);
    }

    /// <summary>Splits the bytes over many segments, as a network pipe delivers them.</summary>
    public static object? Segmented(object? value, Type declaredType, int segmentSize)
    {
        var bytes = Serializer.SerializeToArray(value, declaredType);
        return Serializer.Deserialize(Segments.Of(bytes, segmentSize), declaredType);
    }
}

internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Of(byte[] bytes, int size)
    {
        if (bytes.Length <= size)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segments(bytes.AsMemory(0, size), 0);
        var last = first;
        for (var offset = size; offset < bytes.Length; offset += size)
        {
            var next = new Segments(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), offset);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
