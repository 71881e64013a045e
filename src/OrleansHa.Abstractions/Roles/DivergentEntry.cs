using OrleansHa.Journals;

namespace OrleansHa.Roles;

/// <summary>
/// An entry a former production system appended but never shipped before another system took over: kept, listed, and
/// neither applied nor dropped until the administrator re-applies it (through production's apply rules) or discards it.
/// </summary>
/// <param name="Journal">The journal.</param>
/// <param name="Sequence">The sequence it had in the former production's journal.</param>
/// <param name="Epoch">The epoch it was appended in.</param>
/// <param name="Change">The change (its key, kind, fields and timestamp).</param>
[GenerateSerializer, Immutable, Alias("orleansha.divergent-entry")]
public sealed record DivergentEntry(
    [property: Id(0)] string Journal,
    [property: Id(1)] long Sequence,
    [property: Id(2)] long Epoch,
    [property: Id(3)] JournalChange Change);
