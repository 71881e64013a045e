namespace OrleansHa.Roles;

/// <summary>Where a system's HA group stands on this system.</summary>
[GenerateSerializer, Alias("orleansha.ha-group-phase")]
public enum HaGroupPhase
{
    /// <summary>No group is defined here: the system accepts writes as it always did, epoch 0.</summary>
    Undefined,

    /// <summary>Roles are settled.</summary>
    Steady,

    /// <summary>A planned switch-over runs: production refuses appends and definition changes until the roles have flipped.</summary>
    SwitchingOver,

    /// <summary>This system is being promoted (a failover, or the last step of a switch-over): writes wait for it to end.</summary>
    Promoting,

    /// <summary>A former production system learned a newer epoch and is becoming the backup (divergence listed, replicas set up).</summary>
    Rejoining,
}
