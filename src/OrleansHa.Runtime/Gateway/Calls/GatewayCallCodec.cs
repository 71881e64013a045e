using System.Buffers;
using Orleans.Runtime;
using OrleansHa.Runtime.Gateway.Wire;
using OrleansHa.Runtime.Serialization;

namespace OrleansHa.Runtime.Gateway.Calls;

/// <summary>
/// Encodes grain calls and their outcomes. A request body is: method number, a flag and (the first time on a
/// connection) the method's identity, the grain id, the caller's RequestContext entries, then each argument.
/// Every value is a length-prefixed <see cref="BinarySerializer"/> payload of its declared type, so a value
/// never has to be understood to be skipped. A response body is a <see cref="ResponseStatus"/> and its payload.
/// </summary>
internal sealed class GatewayCallCodec(BinarySerializer serializer)
{
    /// <summary>RequestContext keys under this prefix are the gateway's own; a client's values for them are dropped.</summary>
    public const string ReservedContextPrefix = "orleansha.";

    public BinarySerializer Serializer => serializer;

    public FrameBuffer EncodeRequest(uint requestId, GatewayMethod method, bool includeIdentity, GrainId target, object?[] arguments)
    {
        var frame = new FrameBuffer(FrameKind.Request, requestId, SizeHint(arguments));
        try
        {
            frame.WriteUInt32(method.Number);
            frame.WriteByte(includeIdentity ? (byte)1 : (byte)0);
            if (includeIdentity)
            {
                frame.WriteString(method.Identity);
            }

            frame.WriteBytes(target.Type.AsSpan());
            frame.WriteBytes(target.Key.AsSpan());

            var countAt = frame.ReserveUInt32();
            uint count = 0;
            foreach (var (key, value) in RequestContext.Entries)
            {
                if (!key.StartsWith(ReservedContextPrefix, StringComparison.Ordinal))
                {
                    frame.WriteString(key);
                    WritePayload(frame, value, typeof(object));
                    count++;
                }
            }

            frame.PatchUInt32(countAt, count);
            frame.WriteUInt32((uint)method.ParameterTypes.Length);
            for (var i = 0; i < method.ParameterTypes.Length; i++)
            {
                var type = method.ParameterTypes[i];
                // A cancellation token cannot cross processes; the grain gets CancellationToken.None.
                WritePayload(frame, type == typeof(CancellationToken) ? null : arguments[i], type == typeof(CancellationToken) ? typeof(object) : type);
            }

            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>Reads a request's header: the method number and, when present, its identity.</summary>
    public static (uint Number, string? Identity) ReadMethod(ref FrameBodyReader reader)
    {
        var number = reader.ReadUInt32();
        var identity = reader.ReadByte() == 1 ? reader.ReadRequiredString("method identity") : null;
        return (number, identity);
    }

    /// <summary>Reads the rest of a request once its method is known.</summary>
    public GatewayRequest ReadRequest(ref FrameBodyReader reader, GatewayMethod method)
    {
        var type = new GrainType(reader.ReadBytes().ToArray());
        var key = new IdSpan(reader.ReadBytes().ToArray());
        var target = new GrainId(type, key);

        var contextCount = reader.ReadUInt32();
        var context = contextCount == 0 ? [] : new List<KeyValuePair<string, object>>((int)Math.Min(contextCount, 64));
        for (var i = 0; i < contextCount; i++)
        {
            var name = reader.ReadRequiredString("RequestContext key");
            var value = serializer.Deserialize(reader.ReadBytes(), typeof(object));
            if (value is not null && !name.StartsWith(ReservedContextPrefix, StringComparison.Ordinal))
            {
                context.Add(new(name, value));
            }
        }

        var count = reader.ReadUInt32();
        if (count != method.ParameterTypes.Length)
        {
            throw new GatewayProtocolException($"A call to {method.Identity} carried {count} arguments; the method takes {method.ParameterTypes.Length}.");
        }

        var arguments = new object?[count];
        for (var i = 0; i < count; i++)
        {
            var payload = reader.ReadBytes();
            arguments[i] = method.ParameterTypes[i] == typeof(CancellationToken)
                ? CancellationToken.None
                : serializer.Deserialize(payload, method.ParameterTypes[i]);
        }

        return new GatewayRequest(target, method, context, arguments);
    }

    public FrameBuffer EncodeResult(uint requestId, Type? resultType, object? result)
    {
        var frame = new FrameBuffer(FrameKind.Response, requestId);
        frame.WriteByte((byte)ResponseStatus.Ok);
        if (resultType is not null)
        {
            WritePayload(frame, result, resultType);
        }

        return frame;
    }

    public FrameBuffer EncodeException(uint requestId, Exception exception)
    {
        var frame = new FrameBuffer(FrameKind.Response, requestId);
        try
        {
            frame.WriteByte((byte)ResponseStatus.Exception);
            WritePayload(frame, exception, typeof(Exception));
            return frame;
        }
        catch
        {
            // The exception holds something the wire cannot carry: send its type and message as text.
            frame.Dispose();
            var text = new FrameBuffer(FrameKind.Response, requestId);
            text.WriteByte((byte)ResponseStatus.ExceptionText);
            text.WriteString(exception.GetType().FullName);
            text.WriteString(exception.Message);
            return text;
        }
    }

    public static FrameBuffer EncodeFailure(uint requestId, ResponseStatus status, string message)
    {
        var frame = new FrameBuffer(FrameKind.Response, requestId);
        frame.WriteByte((byte)status);
        frame.WriteString(message);
        return frame;
    }

    /// <summary>Reads a response: the result, or the exception the caller should see.</summary>
    public (object? Result, Exception? Error) ReadResponse(ReadOnlySequence<byte> body, Type? resultType, string callName, string gateway)
    {
        var reader = new FrameBodyReader(body);
        var status = (ResponseStatus)reader.ReadByte();
        switch (status)
        {
            case ResponseStatus.Ok:
                return (resultType is null ? null : serializer.Deserialize(reader.ReadBytes(), resultType), null);
            case ResponseStatus.Exception:
                var error = serializer.Deserialize(reader.ReadBytes(), typeof(Exception)) as Exception;
                return (null, error ?? new GatewayProtocolException($"The response to {callName} said it failed but carried no exception."));
            case ResponseStatus.ExceptionText:
                var typeName = reader.ReadString();
                var message = reader.ReadString();
                return (null, new OrleansException($"{callName} failed with {typeName}: {message}"));
            case ResponseStatus.ProtocolError:
                return (null, new GatewayProtocolException(reader.ReadString() ?? $"The silo could not understand the call to {callName}."));
            case ResponseStatus.Unavailable:
                return (null, new SiloUnavailableException($"The silo at {gateway} did not run {callName}: {reader.ReadString()}"));
            default:
                return (null, new GatewayProtocolException($"The response to {callName} has status {(byte)status}; known are 0-4. Is the silo a newer version?"));
        }
    }

    /// <summary>Room for the bulk arguments up front, so a 1 MiB byte array is not copied through every doubling of the buffer.</summary>
    private static int SizeHint(object?[] arguments)
    {
        long size = 256;
        foreach (var argument in arguments)
        {
            size += argument switch
            {
                byte[] bytes => bytes.Length + 16,
                ReadOnlyMemory<byte> memory => memory.Length + 16,
                string text => (text.Length * 3L) + 16,
                _ => 0,
            };
        }

        return (int)Math.Min(size, int.MaxValue / 2);
    }

    private void WritePayload(FrameBuffer frame, object? value, Type declaredType)
    {
        var lengthAt = frame.ReserveUInt32();
        var start = frame.Length;
        serializer.Serialize(frame, value, declaredType);
        frame.PatchUInt32(lengthAt, (uint)(frame.Length - start));
    }
}
