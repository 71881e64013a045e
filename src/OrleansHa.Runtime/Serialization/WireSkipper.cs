using System.Runtime.Serialization;

namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// Skips a value of unknown type (a field this version does not know), keeping reference ids and type
/// specs in step with the writer. Tracked values skipped this way read back as null if referenced later.
/// </summary>
internal static class WireSkipper
{
    public static void Skip(WireReader reader, ReadSession session)
    {
        var kind = reader.ReadByte();
        switch (kind)
        {
            case WireKind.Null:
                return;
            case WireKind.VarInt:
                reader.ReadVarUInt64();
                return;
            case WireKind.Fixed32:
                reader.ReadSpan(4);
                return;
            case WireKind.Fixed64:
                reader.ReadSpan(8);
                return;
            case WireKind.Fixed128:
                reader.ReadSpan(16);
                return;
            case WireKind.Bytes:
                reader.ReadSpan(reader.ReadLength());
                return;
            case WireKind.Blob:
                session.SetReference(session.ReserveReference(), null);
                reader.ReadSpan(reader.ReadLength());
                return;
            case WireKind.Object:
            case WireKind.Exception:
                session.SetReference(session.ReserveReference(), null);
                SkipFields(reader, session);
                return;
            case WireKind.Struct:
                SkipFields(reader, session);
                return;
            case WireKind.Sequence:
                session.SetReference(session.ReserveReference(), null);
                SkipValues(reader, session);
                return;
            case WireKind.SequenceValue:
                SkipValues(reader, session);
                return;
            case WireKind.Reference:
                reader.ReadVarUInt32();
                return;
            case WireKind.TypeHeader:
            case WireKind.GrainReference:
                WireTypes.ReadTypeSpec(reader, session);
                session.Enter();
                Skip(reader, session);
                session.Exit();
                return;
            default:
                throw new SerializationException($"The data is not valid: {WireKind.Name(kind)}.");
        }
    }

    /// <summary>Skips object fields (after the kind byte) up to and including the end marker.</summary>
    public static void SkipFields(WireReader reader, ReadSession session)
    {
        session.Enter();
        while (true)
        {
            var header = reader.ReadVarUInt32();
            if (header == WireKind.EndObject)
            {
                break;
            }

            if (header != WireKind.NextLevel)
            {
                Skip(reader, session);
            }
        }

        session.Exit();
    }

    private static void SkipValues(WireReader reader, ReadSession session)
    {
        var count = reader.ReadCount();
        session.Enter();
        for (var i = 0; i < count; i++)
        {
            Skip(reader, session);
        }

        session.Exit();
    }
}
