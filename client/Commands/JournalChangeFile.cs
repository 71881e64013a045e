using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OrleansHa.Journals;

namespace OrleansHa.Client.Commands;

/// <summary>
/// Reads record changes from a JSON-lines file, one change per line, streamed (a file of a million lines is never
/// held whole). Blank lines and lines starting with '#' are skipped. Each line is an object:
/// <code>
/// {"op":"put","key":"u1","ts":"2026-11-21T08:00:00Z","fields":{"name":"Ann","lastAccess":"2026-11-21"}}
/// {"op":"patch","key":"u1","ts":"2026-11-21T09:00:00Z","fields":{"lastAccess":"2026-11-22"}}
/// {"op":"delete","key":"u1","ts":"2026-11-21T10:00:00Z"}
/// </code>
/// Field values that are not strings are kept as their JSON text; null stays null.
/// </summary>
public static class JournalChangeFile
{
    /// <summary>The longest key a journal takes.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>The changes of a file, in order; throws <see cref="FormatException"/> naming the line and what is wrong.</summary>
    public static async IAsyncEnumerable<JournalChange> ReadAsync(TextReader reader, string source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            var trimmed = line.AsSpan().Trim();
            if (trimmed.IsEmpty || trimmed[0] == '#')
            {
                continue;
            }

            yield return Parse(line, $"{source} line {number}");
        }
    }

    /// <summary>Parses one line; <paramref name="where"/> prefixes error messages.</summary>
    public static JournalChange Parse(string line, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{where}: not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{where}: each line must be a JSON object with op, key, ts and fields.");
            }

            var op = Text(root, "op", where)?.ToLowerInvariant();
            var kind = op switch
            {
                "put" => JournalChangeKind.Put,
                "patch" => JournalChangeKind.Patch,
                "delete" => JournalChangeKind.Delete,
                _ => throw new FormatException($"{where}: \"op\" must be put, patch or delete; it is {(op is null ? "missing" : $"'{op}'")}."),
            };
            var key = Text(root, "key", where);
            if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
            {
                throw new FormatException($"{where}: \"key\" is required, a string of 1 to {MaxKeyLength} characters{(key is null ? string.Empty : $"; it has {key.Length}")}.");
            }

            var ts = Text(root, "ts", where);
            if (ts is null || !DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
            {
                throw new FormatException($"{where}: \"ts\" is required, as ISO 8601 (e.g. 2026-11-21T08:00:00Z); it is {(ts is null ? "missing" : $"'{ts}'")}.");
            }

            Dictionary<string, string?>? fields = null;
            if (root.TryGetProperty("fields", out var element) && element.ValueKind != JsonValueKind.Null)
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"{where}: \"fields\" must be an object of field names to values.");
                }

                fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var field in element.EnumerateObject())
                {
                    fields[field.Name] = field.Value.ValueKind switch
                    {
                        JsonValueKind.String => field.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => field.Value.GetRawText(),
                    };
                }
            }

            if (kind == JournalChangeKind.Delete && fields is { Count: > 0 })
            {
                throw new FormatException($"{where}: a delete carries no fields.");
            }

            if (kind != JournalChangeKind.Delete && fields is null)
            {
                throw new FormatException($"{where}: a {op} needs \"fields\".");
            }

            if (kind == JournalChangeKind.Patch && fields!.Count == 0)
            {
                throw new FormatException($"{where}: a patch names at least one field.");
            }

            if (fields is not null && fields.ContainsKey(string.Empty))
            {
                throw new FormatException($"{where}: field names must not be empty.");
            }

            return new JournalChange(kind, key, timestamp, fields);
        }
    }

    private static string? Text(JsonElement root, string name, string where)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FormatException($"{where}: \"{name}\" must be a string.");
    }
}
