using OrleansHa.Systems;

namespace OrleansHa.Journals;

/// <summary>
/// A local journal's definition: who receives it, which changes are journaled, how far a receiver may fall behind,
/// and who may use it. The administrator defines journals and may always use them; a journal that names no owner,
/// reader or writer is the administrator's alone.
/// </summary>
/// <param name="Receivers">Destination systems, each holding a remote journal <c>name@THIS</c>; system names are unique.</param>
/// <param name="Rules">Selection criteria, tried in order; the first that matches decides.</param>
/// <param name="QueueLimit">Entries a receiver may be behind before appends are refused (at least 1).</param>
/// <param name="Owner">The user the journal belongs to: may append and read. None when null.</param>
/// <param name="Readers">Users who may read the journal's records, history, status and activity. None when null.</param>
/// <param name="Writers">Users who may append to the journal, and read it. None when null.</param>
[GenerateSerializer, Immutable, Alias("orleansha.journal-definition")]
public sealed record JournalDefinition(
    [property: Id(0)] RemoteSystemAddress[] Receivers,
    [property: Id(1)] SelectionRule[] Rules,
    [property: Id(2)] long QueueLimit = JournalDefinition.DefaultQueueLimit,
    [property: Id(3)] string? Owner = null,
    [property: Id(4)] string[]? Readers = null,
    [property: Id(5)] string[]? Writers = null)
{
    /// <summary>The queue limit when none is given: 1,000,000 entries.</summary>
    public const long DefaultQueueLimit = 1_000_000;
}
