using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Serialization;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// Exceptions: an <see cref="WireKind.Exception"/> value with fields 0 type name, 1 message, 2 stack trace
/// text, 3 inner exception, 4 HResult, 5 the [Id] members of [GenerateSerializer] exception types. Data is
/// not carried. The reader recreates the same type through its (string, Exception) or (string) constructor,
/// or an <see cref="OrleansException"/> naming the original type when that is not possible here.
/// </summary>
internal sealed class ExceptionCodec<T> : ReferenceCodec<T>, IExceptionMembers
    where T : Exception
{
    private readonly Lazy<ObjectPlan<T>> _plan = new(ObjectPlan<T>.FromAttributes, LazyThreadSafetyMode.PublicationOnly);

    public override bool SelfDescribing => true;

    public override void WriteBody(WireWriter writer, T value, WriteSession session)
    {
        writer.WriteByte(WireKind.Exception);
        writer.WriteVarUInt32(WireKind.FirstField);
        writer.WriteString(WireTypes.NameOf(typeof(T)));
        writer.WriteVarUInt32(WireKind.FirstField + 1);
        writer.WriteString(value.Message);
        if (value.StackTrace is { } stackTrace)
        {
            writer.WriteVarUInt32(WireKind.FirstField + 2);
            writer.WriteString(stackTrace);
        }

        if (value.InnerException is not null)
        {
            writer.WriteVarUInt32(WireKind.FirstField + 3);
            CodecCache<Exception>.Codec.Write(writer, value.InnerException, session);
        }

        writer.WriteVarUInt32(WireKind.FirstField + 4);
        writer.WriteByte(WireKind.VarInt);
        writer.WriteVarInt64(value.HResult);
        var plan = _plan.Value;
        if (plan.Levels.Length > 0)
        {
            writer.WriteVarUInt32(WireKind.FirstField + 5);
            writer.WriteByte(WireKind.Struct);
            ObjectMembers.Write(plan, writer, ref value, session);
        }

        writer.WriteVarUInt32(WireKind.EndObject);
    }

    public override T ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
        => throw Unexpected(kind, typeof(T));

    public void ReadMembers(WireReader reader, ReadSession session, Exception exception)
    {
        var typed = (T)exception;
        ObjectMembers.Read(_plan.Value, reader, ref typed, session);
    }
}

/// <summary>Reads the [Id] members of an exception of a known type.</summary>
internal interface IExceptionMembers
{
    void ReadMembers(WireReader reader, ReadSession session, Exception exception);
}

internal static class ExceptionReader
{
    private static readonly Type[] MessageAndInner = [typeof(string), typeof(Exception)];
    private static readonly Type[] MessageOnly = [typeof(string)];

    /// <summary>Reads what follows an <see cref="WireKind.Exception"/> kind byte.</summary>
    public static Exception ReadBody(WireReader reader, ReadSession session)
    {
        var id = session.ReserveReference();
        session.Enter();
        string? typeName = null, message = null, stackTrace = null;
        Exception? inner = null, result = null;
        var hresult = 0;
        while (true)
        {
            var header = reader.ReadVarUInt32();
            if (header == WireKind.EndObject)
            {
                break;
            }

            switch (header - WireKind.FirstField)
            {
                case 0:
                    typeName = CodecCache<string>.Codec.Read(reader, session);
                    break;
                case 1:
                    message = CodecCache<string>.Codec.Read(reader, session);
                    break;
                case 2:
                    stackTrace = CodecCache<string>.Codec.Read(reader, session);
                    break;
                case 3:
                    inner = CodecCache<Exception>.Codec.Read(reader, session);
                    break;
                case 4:
                    hresult = CodecCache<int>.Codec.Read(reader, session);
                    break;
                case 5:
                    result ??= Create(typeName, message, inner);
                    if (reader.ReadByte() is var kind && kind != WireKind.Struct)
                    {
                        throw new SerializationException($"The data is not valid for an exception's members: found a {WireKind.Name(kind)} value.");
                    }

                    if (WireTypes.NameOf(result.GetType()) != typeName || CodecRegistry.Get(result.GetType()) is not IExceptionMembers members)
                    {
                        WireSkipper.SkipFields(reader, session);
                    }
                    else
                    {
                        members.ReadMembers(reader, session, result);
                    }

                    break;
                default:
                    WireSkipper.Skip(reader, session);
                    break;
            }
        }

        session.Exit();
        result ??= Create(typeName, message, inner);
        result.HResult = hresult;
        if (!string.IsNullOrEmpty(stackTrace))
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(result, stackTrace);
        }

        session.SetReference(id, result);
        return result;
    }

    private static Exception Create(string? typeName, string? message, Exception? inner)
    {
        var type = Resolve(typeName);
        if (type is not null)
        {
            try
            {
                if (type.GetConstructor(MessageAndInner) is { } full)
                {
                    return (Exception)full.Invoke([message, inner]);
                }

                if (type.GetConstructor(MessageOnly) is { } simple)
                {
                    return (Exception)simple.Invoke([message]);
                }
            }
            catch (TargetInvocationException)
            {
                // The constructor refused the message: fall through to the stand-in below.
            }
        }

        return new OrleansException($"{typeName ?? "An exception"} (not recreated here: {(type is null ? "its type is unknown in this process" : "it has no (string) or (string, Exception) constructor")}): {message}", inner);
    }

    private static Type? Resolve(string? typeName)
    {
        if (typeName is null)
        {
            return null;
        }

        try
        {
            var type = WireTypes.ResolveName(typeName, typeof(Exception), 0);
            return type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract && !type.ContainsGenericParameters ? type : null;
        }
        catch (SerializationException)
        {
            return null;
        }
    }
}
