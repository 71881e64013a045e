namespace OrleansHa.Roles;

/// <summary>An HA group as this system holds it (<c>role status</c>).</summary>
/// <param name="LocalSystem">This system.</param>
/// <param name="Defined">False when no group is defined here.</param>
/// <param name="Gate">Epoch, role, phase and production as this system knows them.</param>
/// <param name="Members">The group's systems.</param>
/// <param name="AutoFailover">The automatic failover policy, or null when failover is by the administrator only.</param>
/// <param name="RoleChangedAt">When the epoch began here.</param>
/// <param name="LastChange">The last role change, in words (what, from which system to which).</param>
/// <param name="Fences">Per journal, where the current epoch began.</param>
/// <param name="Divergences">Divergent entries held here that the administrator has yet to re-apply or discard.</param>
/// <param name="Progress">The role change under way, or null.</param>
[GenerateSerializer, Immutable, Alias("orleansha.ha-group-status")]
public sealed record HaGroupStatus(
    [property: Id(0)] string LocalSystem,
    [property: Id(1)] bool Defined,
    [property: Id(2)] RoleGate Gate,
    [property: Id(3)] IReadOnlyList<HaGroupMember> Members,
    [property: Id(4)] AutoFailoverPolicy? AutoFailover,
    [property: Id(5)] DateTimeOffset? RoleChangedAt,
    [property: Id(6)] string? LastChange,
    [property: Id(7)] IReadOnlyList<JournalFence> Fences,
    [property: Id(8)] int Divergences,
    [property: Id(9)] RoleSwapProgress? Progress);
