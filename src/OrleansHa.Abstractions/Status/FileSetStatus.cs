using OrleansHa.FileSets;

namespace OrleansHa.Status;

/// <summary>A file set's last run to one destination, as the monitor's table has it.</summary>
/// <param name="FileSet">The file set key (<c>owner/name</c>).</param>
/// <param name="Destination">The destination.</param>
/// <param name="LastRunAt">When the last run finished.</param>
/// <param name="Outcome">How it ended.</param>
[GenerateSerializer, Immutable, Alias("orleansha.fileset-status")]
public sealed record FileSetStatus(
    [property: Id(0)] string FileSet,
    [property: Id(1)] string Destination,
    [property: Id(2)] DateTimeOffset LastRunAt,
    [property: Id(3)] RunOutcome Outcome);
