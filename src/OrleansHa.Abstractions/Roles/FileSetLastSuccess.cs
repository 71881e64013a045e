namespace OrleansHa.Roles;

/// <summary>A file set's last successful run to one destination (for readiness).</summary>
/// <param name="FileSet">The file set (<c>owner/name</c>).</param>
/// <param name="Destination">The destination.</param>
/// <param name="SucceededAt">When its last successful run finished; null when none has.</param>
[GenerateSerializer, Immutable, Alias("orleansha.fileset-last-success")]
public sealed record FileSetLastSuccess(
    [property: Id(0)] string FileSet,
    [property: Id(1)] string Destination,
    [property: Id(2)] DateTimeOffset? SucceededAt);
