namespace OrleansHa.FileSets;

/// <summary>How a file set is copied.</summary>
/// <param name="MirrorDeletes">Delete at the destination what vanished at the source.</param>
/// <param name="Verify">Compare content hashes, not only size and modification time.</param>
/// <param name="PreserveMetadata">Keep modification time and mode on the copies.</param>
/// <param name="Durable">Flush files and directories to disk before a run counts as done.</param>
[GenerateSerializer, Immutable, Alias("orleansha.fileset-options")]
public sealed record FileSetOptions(
    [property: Id(0)] bool MirrorDeletes = false,
    [property: Id(1)] bool Verify = false,
    [property: Id(2)] bool PreserveMetadata = true,
    [property: Id(3)] bool Durable = true);
