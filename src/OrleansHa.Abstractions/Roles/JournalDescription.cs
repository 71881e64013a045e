using OrleansHa.Journals;

namespace OrleansHa.Roles;

/// <summary>A journal as a system describes it to another member of its group (for readiness and draining).</summary>
/// <param name="Name">The journal's name.</param>
/// <param name="Definition">Its local definition on the describing system (receivers, rules, queue limit, access).</param>
/// <param name="Status">Its local journal's position and receivers.</param>
/// <param name="Replicas">The remote journals of this name the describing system holds (<c>name@SOURCE</c>), with their positions.</param>
[GenerateSerializer, Immutable, Alias("orleansha.journal-description")]
public sealed record JournalDescription(
    [property: Id(0)] string Name,
    [property: Id(1)] JournalDefinition? Definition,
    [property: Id(2)] JournalStatus Status,
    [property: Id(3)] IReadOnlyList<RemoteJournalStatus> Replicas);
