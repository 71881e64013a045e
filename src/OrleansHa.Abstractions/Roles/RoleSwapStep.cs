namespace OrleansHa.Roles;

/// <summary>One step of a role change, as it went.</summary>
/// <param name="Name">The step, e.g. "drain journals".</param>
/// <param name="Took">How long it took.</param>
/// <param name="Detail">What it did.</param>
[GenerateSerializer, Immutable, Alias("orleansha.role-swap-step")]
public sealed record RoleSwapStep(
    [property: Id(0)] string Name,
    [property: Id(1)] TimeSpan Took,
    [property: Id(2)] string Detail);
