namespace OrleansHa.Roles;

/// <summary>A role change under way, for the client's progress display.</summary>
/// <param name="Operation">The change.</param>
/// <param name="Step">The step running now.</param>
/// <param name="StartedAt">When the change began.</param>
/// <param name="EntriesBehind">Journal entries the backup has yet to apply, over every journal.</param>
/// <param name="EntriesToDrain">Entries that were behind when draining began (the progress bar's total).</param>
/// <param name="FileSetsRemaining">File set runs of this step still to finish.</param>
/// <param name="FileSetsTotal">File set runs of this step.</param>
[GenerateSerializer, Immutable, Alias("orleansha.role-swap-progress")]
public sealed record RoleSwapProgress(
    [property: Id(0)] RoleOperation Operation,
    [property: Id(1)] string Step,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] long EntriesBehind,
    [property: Id(4)] long EntriesToDrain,
    [property: Id(5)] int FileSetsRemaining,
    [property: Id(6)] int FileSetsTotal);
