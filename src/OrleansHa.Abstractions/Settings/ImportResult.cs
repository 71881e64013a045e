namespace OrleansHa.Settings;

/// <summary>What an import changed.</summary>
/// <param name="Users">Users created or updated.</param>
/// <param name="Destinations">Destinations created or updated.</param>
/// <param name="FileSets">File sets created or updated.</param>
/// <param name="ColdStart">Whether worker tables and checkpoints were cleared and schedules registered afresh.</param>
/// <param name="Workers">Workers the monitors supervise after the import.</param>
[GenerateSerializer, Immutable, Alias("orleansha.import-result")]
public sealed record ImportResult(
    [property: Id(0)] int Users,
    [property: Id(1)] int Destinations,
    [property: Id(2)] int FileSets,
    [property: Id(3)] bool ColdStart,
    [property: Id(4)] int Workers);
