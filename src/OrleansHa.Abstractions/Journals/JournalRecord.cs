namespace OrleansHa.Journals;

/// <summary>A record in a copy (the local one, or a replica): its fields and the timestamp of the change that last set it.</summary>
/// <param name="Key">The record key.</param>
/// <param name="Fields">Its fields. Not mutated after construction.</param>
/// <param name="Timestamp">The newest timestamp applied to it.</param>
[GenerateSerializer, Immutable, Alias("orleansha.journal-record")]
public sealed record JournalRecord(
    [property: Id(0)] string Key,
    [property: Id(1)] Dictionary<string, string?> Fields,
    [property: Id(2)] DateTimeOffset Timestamp);
