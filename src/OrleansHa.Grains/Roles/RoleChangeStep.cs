namespace OrleansHa.Grains.Roles;

/// <summary>
/// How far a role change had come on this system, persisted before the step acts. An activation that finds a step
/// other than <see cref="None"/> resumes or undoes the change (<c>HaGroupGrain.Recovery.cs</c> says which, per step).
/// </summary>
[GenerateSerializer, Alias("orleansha.role-change-step")]
public enum RoleChangeStep
{
    /// <summary>No role change is under way.</summary>
    None,

    /// <summary>Switch-over: writes are refused here; the journals are being told.</summary>
    RefusingWrites,

    /// <summary>Switch-over: waiting until the backup has applied every entry.</summary>
    Draining,

    /// <summary>Switch-over: the final run of every file set to the backup.</summary>
    FinalRuns,

    /// <summary>Switch-over: the backup is being promoted (the request may have reached it).</summary>
    PromotingBackup,

    /// <summary>This system is taking over every journal from its replica (failover, or the backup's side of a switch-over).</summary>
    Promoting,

    /// <summary>This system learned a newer epoch and is becoming a backup (divergence listed, replicas positioned).</summary>
    Rejoining,

    /// <summary>Switch-back: the former production is learning the epoch and resynchronising.</summary>
    SwitchingBack,
}
