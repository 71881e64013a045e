using System.Runtime.Serialization;

namespace OrleansHa.Runtime.Serialization;

/// <summary>Writes and reads the member fields of an object or struct by its plan.</summary>
internal static class ObjectMembers
{
    public static void Write<T>(ObjectPlan<T> plan, WireWriter writer, ref T value, WriteSession session)
    {
        var levels = plan.Levels;
        for (var level = 0; level < levels.Length; level++)
        {
            if (level > 0)
            {
                writer.WriteVarUInt32(WireKind.NextLevel);
            }

            foreach (var member in levels[level])
            {
                writer.WriteVarUInt32(member.Id + WireKind.FirstField);
                member.Write(writer, ref value, session);
            }
        }

        writer.WriteVarUInt32(WireKind.EndObject);
    }

    /// <summary>Reads fields until the end marker; unknown ids and levels are skipped, missing ones keep their defaults.</summary>
    public static void Read<T>(ObjectPlan<T> plan, WireReader reader, ref T value, ReadSession session)
    {
        session.Enter();
        var level = 0;
        while (true)
        {
            var header = reader.ReadVarUInt32();
            if (header == WireKind.EndObject)
            {
                break;
            }

            if (header == WireKind.NextLevel)
            {
                level++;
                continue;
            }

            var member = plan.Find(level, header - WireKind.FirstField);
            if (member is null)
            {
                WireSkipper.Skip(reader, session);
            }
            else
            {
                member.Read(reader, ref value, session);
            }
        }

        session.Exit();
    }
}

/// <summary>A class with a plan (a [GenerateSerializer] type, or a tuple): a tracked object of fields.</summary>
internal sealed class ObjectCodec<T>(Func<ObjectPlan<T>> planFactory) : ReferenceCodec<T>
    where T : class
{
    private readonly Lazy<ObjectPlan<T>> _plan = new(planFactory, LazyThreadSafetyMode.PublicationOnly);

    public override void WriteBody(WireWriter writer, T value, WriteSession session)
    {
        writer.WriteByte(WireKind.Object);
        ObjectMembers.Write(_plan.Value, writer, ref value, session);
    }

    public override T ReadBody(WireReader reader, ReadSession session, byte kind, int referenceId)
    {
        if (kind != WireKind.Object)
        {
            throw Unexpected(kind, typeof(T));
        }

        var plan = _plan.Value;
        var value = plan.Create();
        session.SetReference(referenceId, value);
        ObjectMembers.Read(plan, reader, ref value, session);
        return value;
    }
}

/// <summary>A struct with a plan: an untracked object of fields, read in place without boxing.</summary>
internal sealed class StructCodec<T>(Func<ObjectPlan<T>> planFactory) : WireCodec<T>
    where T : struct
{
    private readonly Lazy<ObjectPlan<T>> _plan = new(planFactory, LazyThreadSafetyMode.PublicationOnly);

    public override void Write(WireWriter writer, T value, WriteSession session)
    {
        writer.WriteByte(WireKind.Struct);
        ObjectMembers.Write(_plan.Value, writer, ref value, session);
    }

    public override T Read(WireReader reader, ReadSession session)
    {
        var kind = reader.ReadByte();
        if (kind != WireKind.Struct)
        {
            throw kind == WireKind.Null
                ? new SerializationException($"The data holds null where a {typeof(T)} is expected.")
                : Unexpected(kind, typeof(T));
        }

        var value = default(T);
        ObjectMembers.Read(_plan.Value, reader, ref value, session);
        return value;
    }
}
