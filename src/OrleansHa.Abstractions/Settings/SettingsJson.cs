using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansHa.Settings;

/// <summary>Writes and reads <see cref="SettingsDocument"/> as indented JSON (camelCase, enums as strings).</summary>
public static class SettingsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The document as JSON.</summary>
    public static string Serialize(SettingsDocument document) => JsonSerializer.Serialize(document, Options);

    /// <summary>
    /// Reads a document; throws <see cref="InvalidDefinitionException"/> when the text is not JSON, not
    /// a settings document, or of a version this build does not read.
    /// </summary>
    public static SettingsDocument Deserialize(string json)
    {
        SettingsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<SettingsDocument>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDefinitionException("document", $"not valid settings JSON ({e.Message})", $"a document written by 'config export' ({SettingsDocument.FormatName} version {SettingsDocument.CurrentVersion})");
        }

        if (document is null || document.Format != SettingsDocument.FormatName)
        {
            throw new InvalidDefinitionException("format", $"'{document?.Format}' is not a settings document", $"'{SettingsDocument.FormatName}'");
        }

        if (document.Version != SettingsDocument.CurrentVersion)
        {
            throw new InvalidDefinitionException("version", $"{document.Version} is not readable by this build", SettingsDocument.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return document with
        {
            Users = document.Users ?? [],
            Destinations = document.Destinations ?? [],
            FileSets = document.FileSets ?? [],
        };
    }
}
