using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Serialization;

namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// A compact binary format for values crossing the wire, keyed by <c>[Id]</c>: readers skip member ids
/// they do not know and leave missing ones at their defaults, so adding members stays compatible.
/// Bytes (<c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>) are written raw. Shared references and cycles
/// survive. A value whose runtime type differs from its declared type carries its type name, and reading
/// resolves only built-in types, enums, <c>[GenerateSerializer]</c> types, exceptions and grain interfaces
/// from assemblies already loaded: never arbitrary CLR types.
/// </summary>
/// <remarks>
/// Thread-safe; codecs are built once per type and cached, buffers are pooled per thread. Errors are
/// <see cref="SerializationException"/>s naming the type and what is allowed.
/// </remarks>
/// <param name="references">Carries grain references inside values; without it a grain reference is an error.</param>
public sealed class BinarySerializer(IGrainReferenceCodec? references = null)
{
    [ThreadStatic]
    private static Workspace? _threadWorkspace;

    /// <summary>Writes <paramref name="value"/>, declared as <paramref name="declaredType"/>, to <paramref name="output"/>.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="value">The value (null is allowed for reference and nullable types).</param>
    /// <param name="declaredType">The type the reader will ask for.</param>
    public void Serialize(IBufferWriter<byte> output, object? value, Type declaredType)
    {
        ArgumentNullException.ThrowIfNull(output);
        var codec = CodecFor(value, declaredType);
        var workspace = Rent();
        try
        {
            workspace.Writer.Reset(output);
            workspace.Write.Reset(references);
            codec.WriteObject(workspace.Writer, value, workspace.Write);
            workspace.Writer.Flush();
        }
        finally
        {
            Return(workspace);
        }
    }

    /// <summary>Writes a value declared as <typeparamref name="T"/> to <paramref name="output"/>, without boxing.</summary>
    /// <typeparam name="T">The declared type.</typeparam>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="value">The value.</param>
    public void Serialize<T>(IBufferWriter<byte> output, T value)
    {
        ArgumentNullException.ThrowIfNull(output);
        var workspace = Rent();
        try
        {
            workspace.Writer.Reset(output);
            workspace.Write.Reset(references);
            CodecCache<T>.Codec.Write(workspace.Writer, value, workspace.Write);
            workspace.Writer.Flush();
        }
        finally
        {
            Return(workspace);
        }
    }

    /// <summary>Returns the encoding of <paramref name="value"/>, declared as <paramref name="declaredType"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="declaredType">The type the reader will ask for.</param>
    /// <returns>The bytes.</returns>
    public byte[] SerializeToArray(object? value, Type declaredType)
    {
        var codec = CodecFor(value, declaredType);
        var workspace = Rent();
        try
        {
            workspace.Writer.Reset(null);
            workspace.Write.Reset(references);
            codec.WriteObject(workspace.Writer, value, workspace.Write);
            return workspace.Writer.ToArray();
        }
        finally
        {
            Return(workspace);
        }
    }

    /// <summary>Returns the encoding of a value declared as <typeparamref name="T"/>, without boxing.</summary>
    /// <typeparam name="T">The declared type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The bytes.</returns>
    public byte[] SerializeToArray<T>(T value)
    {
        var workspace = Rent();
        try
        {
            workspace.Writer.Reset(null);
            workspace.Write.Reset(references);
            CodecCache<T>.Codec.Write(workspace.Writer, value, workspace.Write);
            return workspace.Writer.ToArray();
        }
        finally
        {
            Return(workspace);
        }
    }

    /// <summary>Reads one value declared as <paramref name="declaredType"/>; the input must hold exactly that value.</summary>
    /// <param name="input">The bytes.</param>
    /// <param name="declaredType">The type the writer declared.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SerializationException">The data is not valid, or names a type that is not allowed.</exception>
    public object? Deserialize(ReadOnlySequence<byte> input, Type declaredType)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        var codec = CodecRegistry.Get(declaredType);
        return Read(input, declaredType, static (codec, reader, session) => codec.ReadObject(reader, session), codec);
    }

    /// <summary>Reads one value declared as <paramref name="declaredType"/> (copied into a pooled buffer first).</summary>
    /// <param name="input">The bytes.</param>
    /// <param name="declaredType">The type the writer declared.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SerializationException">The data is not valid, or names a type that is not allowed.</exception>
    public object? Deserialize(ReadOnlySpan<byte> input, Type declaredType)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(input.Length);
        try
        {
            input.CopyTo(buffer);
            return Deserialize(new ReadOnlySequence<byte>(buffer, 0, input.Length), declaredType);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads one value declared as <typeparamref name="T"/>, without boxing.</summary>
    /// <typeparam name="T">The type the writer declared.</typeparam>
    /// <param name="input">The bytes.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SerializationException">The data is not valid, or names a type that is not allowed.</exception>
    public T Deserialize<T>(ReadOnlySequence<byte> input)
        => Read(input, typeof(T), static (codec, reader, session) => codec.Read(reader, session), CodecCache<T>.Codec);

    /// <summary>Reads one value declared as <typeparamref name="T"/> (copied into a pooled buffer first).</summary>
    /// <typeparam name="T">The type the writer declared.</typeparam>
    /// <param name="input">The bytes.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SerializationException">The data is not valid, or names a type that is not allowed.</exception>
    public T Deserialize<T>(ReadOnlySpan<byte> input)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(input.Length);
        try
        {
            input.CopyTo(buffer);
            return Deserialize<T>(new ReadOnlySequence<byte>(buffer, 0, input.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private T Read<TCodec, T>(ReadOnlySequence<byte> input, Type declaredType, Func<TCodec, WireReader, ReadSession, T> read, TCodec codec)
    {
        byte[]? rented = null;
        ArraySegment<byte> segment;
        if (input.IsSingleSegment && MemoryMarshal.TryGetArray(input.First, out segment))
        {
            // Read in place.
        }
        else
        {
            rented = ArrayPool<byte>.Shared.Rent(checked((int)input.Length));
            input.CopyTo(rented);
            segment = new ArraySegment<byte>(rented, 0, (int)input.Length);
        }

        var workspace = Rent();
        try
        {
            workspace.Reader.Reset(segment.Array!, segment.Offset, segment.Count);
            workspace.Read.Reset(references);
            var value = read(codec, workspace.Reader, workspace.Read);
            return workspace.Reader.Remaining == 0
                ? value
                : throw new SerializationException($"The data holds {workspace.Reader.Remaining} bytes after the {declaredType} value; the input must hold exactly one value.");
        }
        catch (Exception e) when (e is not SerializationException and not OutOfMemoryException)
        {
            throw new SerializationException($"The data could not be read as {declaredType}: {e.Message}", e);
        }
        finally
        {
            Return(workspace);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static WireCodec CodecFor(object? value, Type declaredType)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        if (value is null ? declaredType.IsValueType && Nullable.GetUnderlyingType(declaredType) is null : !declaredType.IsInstanceOfType(value))
        {
            throw new ArgumentException($"A {value?.GetType().ToString() ?? "null"} value cannot be written as {declaredType}.", nameof(value));
        }

        return CodecRegistry.Get(declaredType);
    }

    /// <summary>Takes this thread's buffers; a nested call (from inside a codec) gets fresh ones.</summary>
    private static Workspace Rent()
    {
        var workspace = _threadWorkspace ?? new Workspace();
        _threadWorkspace = null;
        return workspace;
    }

    private static void Return(Workspace workspace)
    {
        workspace.Writer.Release();
        workspace.Reader.Release();
        workspace.Write.Clear();
        workspace.Read.Clear();
        _threadWorkspace = workspace;
    }

    private sealed class Workspace
    {
        public WireWriter Writer { get; } = new();

        public WireReader Reader { get; } = new();

        public WriteSession Write { get; } = new();

        public ReadSession Read { get; } = new();
    }
}
