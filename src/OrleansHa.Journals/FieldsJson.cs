using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OrleansHa.Journals;

/// <summary>Record fields as a JSON object of strings (or nulls), written and read by hand: it runs once per entry on the hot paths.</summary>
internal static class FieldsJson
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static string? Write(Dictionary<string, string?>? fields)
    {
        if (fields is null)
        {
            return null;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                if (value is null)
                {
                    writer.WriteNull(name);
                }
                else
                {
                    writer.WriteString(name, value);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Dictionary<string, string?> Read(string? json)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (json is null)
        {
            return fields;
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            fields[name] = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
        }

        return fields;
    }
}
