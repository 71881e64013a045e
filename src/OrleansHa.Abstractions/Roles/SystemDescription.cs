using OrleansHa.Settings;

namespace OrleansHa.Roles;

/// <summary>
/// What one member of a group tells another for a readiness check: its definitions, its journals' positions, its file
/// sets' last successful runs, its gate, and its clock when it answered.
/// </summary>
/// <param name="SystemName">The describing system.</param>
/// <param name="Gate">Its epoch, role and phase.</param>
/// <param name="Settings">Its users, destinations and file sets.</param>
/// <param name="Journals">Its journals.</param>
/// <param name="LastSuccesses">Its file sets' last successful runs, per destination.</param>
/// <param name="Clock">Its clock when it answered.</param>
[GenerateSerializer, Immutable, Alias("orleansha.system-description")]
public sealed record SystemDescription(
    [property: Id(0)] string SystemName,
    [property: Id(1)] RoleGate Gate,
    [property: Id(2)] SettingsDocument Settings,
    [property: Id(3)] IReadOnlyList<JournalDescription> Journals,
    [property: Id(4)] IReadOnlyList<FileSetLastSuccess> LastSuccesses,
    [property: Id(5)] DateTimeOffset Clock);
