namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// The first byte of every encoded value. Each kind says how to find the value's end without knowing
/// its type, which is what lets a reader skip fields it does not know (version tolerance).
/// </summary>
/// <remarks>
/// Layout of a value: <c>kind payload</c>.
/// <list type="bullet">
/// <item><c>VarInt</c>: LEB128; signed integers are zig-zag encoded.</item>
/// <item><c>Fixed32/64/128</c>: little-endian bytes.</item>
/// <item><c>Bytes</c> (untracked) and <c>Blob</c> (tracked): varint length, then raw bytes.</item>
/// <item><c>Object</c> (tracked) and <c>Struct</c>: fields until a 0 header. A header is a varint:
///   0 ends the object, 1 starts the next class level (base classes first, each level its own id
///   space), n ≥ 2 is field id n - 2 followed by its value.</item>
/// <item><c>Sequence</c> (tracked) and <c>SequenceValue</c>: varint count of values, then the values
///   (a dictionary writes key and value, so twice its entry count).</item>
/// <item><c>Reference</c>: varint id of an earlier tracked value in the same message.</item>
/// <item><c>TypeHeader</c>: a type spec, then the value (of that runtime type).</item>
/// <item><c>Exception</c> (tracked): fields like <c>Object</c>.</item>
/// <item><c>GrainReference</c>: a type spec (the grain interface), then the grain id as a value.</item>
/// </list>
/// Tracked values take the next reference id, in the order their kind byte appears, on both sides.
/// A type spec is a varint: n ≥ 1 names the (n - 1)th spec already in the message; 0 is followed by a
/// name, a varint argument count and that many specs, and becomes the next entry.
/// </remarks>
internal static class WireKind
{
    public const byte Null = 0;
    public const byte VarInt = 1;
    public const byte Fixed32 = 2;
    public const byte Fixed64 = 3;
    public const byte Fixed128 = 4;
    public const byte Bytes = 5;
    public const byte Blob = 6;
    public const byte Object = 7;
    public const byte Struct = 8;
    public const byte Sequence = 9;
    public const byte SequenceValue = 10;
    public const byte Reference = 11;
    public const byte TypeHeader = 12;
    public const byte Exception = 13;
    public const byte GrainReference = 14;

    /// <summary>Object headers: see the remarks above.</summary>
    public const uint EndObject = 0;
    public const uint NextLevel = 1;
    public const uint FirstField = 2;

    public static bool IsTracked(byte kind) => kind is Blob or Object or Sequence or Exception;

    public static string Name(byte kind) => kind switch
    {
        Null => "null",
        VarInt => "varint",
        Fixed32 => "fixed32",
        Fixed64 => "fixed64",
        Fixed128 => "fixed128",
        Bytes => "bytes",
        Blob => "blob",
        Object => "object",
        Struct => "struct",
        Sequence => "sequence",
        SequenceValue => "sequence value",
        Reference => "reference",
        TypeHeader => "type header",
        Exception => "exception",
        GrainReference => "grain reference",
        _ => $"unknown kind {kind}",
    };
}
