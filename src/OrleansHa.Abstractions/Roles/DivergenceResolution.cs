namespace OrleansHa.Roles;

/// <summary>What re-applying or discarding divergent entries did (or, with a dry run, would do).</summary>
/// <param name="Journal">The journal.</param>
/// <param name="Action">What was asked.</param>
/// <param name="DryRun">True when nothing was changed.</param>
/// <param name="Entries">Divergent entries it covered.</param>
/// <param name="Applied">Re-applied entries production accepted.</param>
/// <param name="Rejected">Re-applied entries production's apply rules rejected (stale Put or Delete); resolved, and counted there.</param>
/// <param name="Discarded">Entries discarded.</param>
[GenerateSerializer, Immutable, Alias("orleansha.divergence-resolution")]
public sealed record DivergenceResolution(
    [property: Id(0)] string Journal,
    [property: Id(1)] DivergenceAction Action,
    [property: Id(2)] bool DryRun,
    [property: Id(3)] int Entries,
    [property: Id(4)] int Applied,
    [property: Id(5)] int Rejected,
    [property: Id(6)] int Discarded);
