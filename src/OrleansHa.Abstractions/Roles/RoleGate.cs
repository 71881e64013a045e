namespace OrleansHa.Roles;

/// <summary>
/// What the grains of a system need to know of its role, and what a client needs to find production: the epoch, this
/// system's role and phase, and which system is production. With no group defined the system is writable at epoch 0.
/// </summary>
/// <param name="LocalSystem">This system's name.</param>
/// <param name="Epoch">The group's epoch as this system knows it (0: no group).</param>
/// <param name="Role">This system's role; null when no group is defined.</param>
/// <param name="Phase">Where the group stands here.</param>
/// <param name="Production">The production system's name; null when no group is defined.</param>
/// <param name="ProductionGateway">Production's gateway(s) as this system reaches it; null when this system is production or no group is defined.</param>
[GenerateSerializer, Immutable, Alias("orleansha.role-gate")]
public sealed record RoleGate(
    [property: Id(0)] string LocalSystem,
    [property: Id(1)] long Epoch,
    [property: Id(2)] SystemRole? Role,
    [property: Id(3)] HaGroupPhase Phase,
    [property: Id(4)] string? Production,
    [property: Id(5)] string? ProductionGateway)
{
    /// <summary>True when this system accepts client writes (appends) now.</summary>
    public bool Writable => Role is null || (Role == SystemRole.Production && Phase == HaGroupPhase.Steady);

    /// <summary>True when definitions may change now: not in the middle of a role change.</summary>
    public bool DefinitionsWritable => Phase is HaGroupPhase.Undefined or HaGroupPhase.Steady;

    /// <summary>The gate of a system with no group: writable, epoch 0.</summary>
    public static RoleGate Ungrouped(string localSystem) => new(localSystem, 0, null, HaGroupPhase.Undefined, null, null);

    /// <summary>Why a write is refused here, naming where to go instead; null when writable.</summary>
    public string? WriteRefusal(string what) => Writable ? null : Phase switch
    {
        HaGroupPhase.SwitchingOver => $"{LocalSystem} is switching over (epoch {Epoch}): it refuses to {what} until the roles have flipped; then write to the new production system.",
        HaGroupPhase.Promoting => $"{LocalSystem} is being promoted to production (epoch {Epoch}): retry to {what} in a few seconds.",
        _ => $"{LocalSystem} is the backup system (epoch {Epoch}); it refuses to {what}. Production is {Production}{(ProductionGateway is null ? string.Empty : $" at {ProductionGateway}")}: write there.",
    };
}
