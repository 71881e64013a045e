namespace OrleansHa.FileSets;

/// <summary>A file set with its state and its last run per destination.</summary>
/// <param name="Definition">The definition.</param>
/// <param name="Suspended">True when suspended: not run until resumed.</param>
/// <param name="Version">Increases with every change to the definition or the suspended flag.</param>
/// <param name="LastRuns">The last run to each destination.</param>
/// <param name="Problem">Why the file set is marked failed (a stored schedule that cannot be applied), or null; a valid 'fileset update' clears it.</param>
[GenerateSerializer, Immutable, Alias("orleansha.fileset-info")]
public sealed record FileSetInfo(
    [property: Id(0)] FileSetDefinition Definition,
    [property: Id(1)] bool Suspended,
    [property: Id(2)] long Version,
    [property: Id(3)] IReadOnlyList<RunRecord> LastRuns,
    [property: Id(4)] string? Problem = null);
