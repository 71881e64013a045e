namespace OrleansHa.Roles;

/// <summary>A role change.</summary>
[GenerateSerializer, Alias("orleansha.role-operation")]
public enum RoleOperation
{
    /// <summary>Planned: production drains to the backup, then the roles flip.</summary>
    SwitchOver,

    /// <summary>Unplanned: production is unreachable and the backup is promoted.</summary>
    Failover,

    /// <summary>After a failover: the returned former production becomes the backup, catches up and resynchronises.</summary>
    SwitchBack,
}
