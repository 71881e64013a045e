namespace OrleansHa.FileSets;

/// <summary>A file set as its owner defines it (a row of the owner's SFggguuu table).</summary>
/// <param name="Owner">The owning user.</param>
/// <param name="Name">The file set's name, unique per owner: letters, digits, '.', '_' and '-'.</param>
/// <param name="SourceRoot">The absolute directory copied; inside the owner's roots.</param>
/// <param name="Include">Glob patterns of paths to copy; empty means everything.</param>
/// <param name="Exclude">Glob patterns of paths never copied.</param>
/// <param name="Targets">One or more destinations with their target paths.</param>
/// <param name="BatchId">The batch: file sets of one user, destination and batch share a sync worker.</param>
/// <param name="Schedule">"every &lt;duration&gt;" (at least 1m), "daily HH:MM" or "manual".</param>
/// <param name="Priority">0..the owner's maximum; higher runs first within a worker.</param>
/// <param name="Options">How the copy is made.</param>
[GenerateSerializer, Immutable, Alias("orleansha.fileset-definition")]
public sealed record FileSetDefinition(
    [property: Id(0)] string Owner,
    [property: Id(1)] string Name,
    [property: Id(2)] string SourceRoot,
    [property: Id(3)] IReadOnlyList<string> Include,
    [property: Id(4)] IReadOnlyList<string> Exclude,
    [property: Id(5)] IReadOnlyList<FileSetTarget> Targets,
    [property: Id(6)] string BatchId,
    [property: Id(7)] string Schedule,
    [property: Id(8)] int Priority,
    [property: Id(9)] FileSetOptions Options)
{
    /// <summary>The grain key: <c>owner/name</c>.</summary>
    public string Key => FileSetKey.Format(Owner, Name);
}
