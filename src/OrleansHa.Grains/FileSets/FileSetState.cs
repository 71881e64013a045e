using OrleansHa.FileSets;

namespace OrleansHa.Grains.FileSets;

/// <summary>The persisted state of a file set grain.</summary>
[GenerateSerializer, Alias("orleansha.file-set-state")]
public sealed class FileSetState
{
    [Id(0)] public FileSetDefinition? Definition { get; set; }
    [Id(1)] public bool Suspended { get; set; }
    [Id(2)] public long Version { get; set; }
    [Id(3)] public List<RunRecord> LastRuns { get; set; } = [];

    /// <summary>
    /// True from the first write of a new file set until its owner's table, its schedule and the monitor all know it:
    /// a define that failed in between may be retried as a create, and the retry finishes the job.
    /// </summary>
    [Id(4)] public bool Incomplete { get; set; }

    /// <summary>Why the file set is marked failed: its stored schedule could not be applied (it has no schedule meanwhile).</summary>
    [Id(5)] public string? Problem { get; set; }
}
