namespace OrleansHa.Journals;

/// <summary>A remote journal's position and counters.</summary>
/// <param name="Name">The remote journal (<c>name@SOURCE</c>).</param>
/// <param name="LastApplied">The last sequence stored and applied.</param>
/// <param name="Applied">Entries applied since it was created.</param>
/// <param name="Duplicates">Entries received again and ignored.</param>
/// <param name="RejectedPuts">Puts rejected as not newer than the stored record.</param>
/// <param name="RejectedDeletes">Deletes rejected as not newer than the stored record.</param>
/// <param name="GapsRefused">Batches refused because they skipped sequences.</param>
/// <param name="LastReceivedAt">When the last batch arrived, or null.</param>
/// <param name="Silo">The silo the remote journal is active on (Orleans' silo address), set by the grain; null from the store.</param>
[GenerateSerializer, Immutable, Alias("orleansha.remote-journal-status")]
public sealed record RemoteJournalStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] long LastApplied,
    [property: Id(2)] long Applied,
    [property: Id(3)] long Duplicates,
    [property: Id(4)] long RejectedPuts,
    [property: Id(5)] long RejectedDeletes,
    [property: Id(6)] long GapsRefused,
    [property: Id(7)] DateTimeOffset? LastReceivedAt,
    [property: Id(8)] string? Silo = null);
