using OrleansHa.Systems;

namespace OrleansHa.Journals;

/// <summary>A local journal's definition: who receives it, which changes are journaled, and how far a receiver may fall behind.</summary>
/// <param name="Receivers">Destination systems, each holding a remote journal <c>name@THIS</c>; system names are unique.</param>
/// <param name="Rules">Selection criteria, tried in order; the first that matches decides.</param>
/// <param name="QueueLimit">Entries a receiver may be behind before appends are refused (at least 1).</param>
[GenerateSerializer, Immutable, Alias("orleansha.journal-definition")]
public sealed record JournalDefinition(
    [property: Id(0)] RemoteSystemAddress[] Receivers,
    [property: Id(1)] SelectionRule[] Rules,
    [property: Id(2)] long QueueLimit = JournalDefinition.DefaultQueueLimit)
{
    /// <summary>The queue limit when none is given: 1,000,000 entries.</summary>
    public const long DefaultQueueLimit = 1_000_000;
}
