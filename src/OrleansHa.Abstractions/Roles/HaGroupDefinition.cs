namespace OrleansHa.Roles;

/// <summary>
/// An HA group as one of its systems holds it: every member (this system among them, without gateway or credential),
/// which one is production when the group is first defined, and the automatic failover policy. Each member holds its
/// own copy (the credentials differ per side); two members or more (one production, the rest backups).
/// </summary>
/// <param name="Members">The systems of the group, names unique; this system is one of them.</param>
/// <param name="InitialProduction">The member that is production at epoch 1.</param>
/// <param name="AutoFailover">When set, the backup promotes itself after production has been unreachable for the grace period.</param>
[GenerateSerializer, Immutable, Alias("orleansha.ha-group-definition")]
public sealed record HaGroupDefinition(
    [property: Id(0)] IReadOnlyList<HaGroupMember> Members,
    [property: Id(1)] string InitialProduction,
    [property: Id(2)] AutoFailoverPolicy? AutoFailover = null);
