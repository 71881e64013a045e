namespace OrleansHa.FileSets;

/// <summary>How a file set is copied.</summary>
/// <param name="MirrorDeletes">Delete at the destination what vanished at the source.</param>
/// <param name="Verify">Compare content hashes, not only size and modification time.</param>
/// <param name="PreserveMetadata">Keep modification time and mode on the copies.</param>
/// <param name="Durable">Flush files and directories to disk before a run counts as done.</param>
/// <param name="MassDeleteShare">
/// The delete guard: a run that would delete more than this share of the destination's files (and at least
/// <paramref name="MassDeleteMinimum"/> of them), or all of them, stops before it changes anything. Above 0, at most 1;
/// null is the default, <see cref="DefaultMassDeleteShare"/>.
/// </param>
/// <param name="MassDeleteMinimum">The fewest deletions the share rule trips on; 0 or more; null is the default, <see cref="DefaultMassDeleteMinimum"/>.</param>
[GenerateSerializer, Immutable, Alias("orleansha.fileset-options")]
public sealed record FileSetOptions(
    [property: Id(0)] bool MirrorDeletes = false,
    [property: Id(1)] bool Verify = false,
    [property: Id(2)] bool PreserveMetadata = true,
    [property: Id(3)] bool Durable = true,
    [property: Id(4)] double? MassDeleteShare = null,
    [property: Id(5)] long? MassDeleteMinimum = null)
{
    /// <summary>The delete guard's share when none is set: half of the destination's files.</summary>
    public const double DefaultMassDeleteShare = 0.5;

    /// <summary>The delete guard's minimum when none is set: 1,000 files.</summary>
    public const long DefaultMassDeleteMinimum = 1000;
}
