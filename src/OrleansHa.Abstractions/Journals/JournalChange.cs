namespace OrleansHa.Journals;

/// <summary>One record change: a sync request, in the CA ACF2 sense.</summary>
/// <param name="Kind">Put, Patch or Delete.</param>
/// <param name="Key">The record key (1 to 512 characters).</param>
/// <param name="Timestamp">When the change was made on the originating system; apply rules compare it with the stored record's.</param>
/// <param name="Fields">
/// Field values: every field for a Put, the changed fields for a Patch, none for a Delete.
/// A null value is a field set to null. Not mutated after construction.
/// </param>
[GenerateSerializer, Immutable, Alias("orleansha.journal-change")]
public sealed record JournalChange(
    [property: Id(0)] JournalChangeKind Kind,
    [property: Id(1)] string Key,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] Dictionary<string, string?>? Fields)
{
    /// <summary>A whole record.</summary>
    public static JournalChange Put(string key, DateTimeOffset timestamp, Dictionary<string, string?> fields)
        => new(JournalChangeKind.Put, key, timestamp, fields);

    /// <summary>Some fields of a record.</summary>
    public static JournalChange Patch(string key, DateTimeOffset timestamp, Dictionary<string, string?> fields)
        => new(JournalChangeKind.Patch, key, timestamp, fields);

    /// <summary>A record's removal.</summary>
    public static JournalChange Delete(string key, DateTimeOffset timestamp)
        => new(JournalChangeKind.Delete, key, timestamp, null);
}
