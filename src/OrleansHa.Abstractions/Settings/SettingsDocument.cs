namespace OrleansHa.Settings;

/// <summary>
/// Every definition of a system in one versioned document: users, destinations and file sets (with
/// their schedules). <see cref="SettingsJson"/> writes and reads it as JSON.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Version">The document version; this build reads <see cref="CurrentVersion"/>.</param>
/// <param name="ExportedAt">When it was exported.</param>
/// <param name="Users">The users.</param>
/// <param name="Destinations">The destinations.</param>
/// <param name="FileSets">The file sets.</param>
[GenerateSerializer, Immutable, Alias("orleansha.settings-document")]
public sealed record SettingsDocument(
    [property: Id(0)] string Format,
    [property: Id(1)] int Version,
    [property: Id(2)] DateTimeOffset ExportedAt,
    [property: Id(3)] IReadOnlyList<UserSettings> Users,
    [property: Id(4)] IReadOnlyList<DestinationSettings> Destinations,
    [property: Id(5)] IReadOnlyList<FileSetSettings> FileSets)
{
    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatName = "orleansha-settings";

    /// <summary>The version this build writes and reads.</summary>
    public const int CurrentVersion = 1;
}
