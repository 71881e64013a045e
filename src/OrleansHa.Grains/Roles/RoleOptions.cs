namespace OrleansHa.Grains.Roles;

/// <summary>Settings of the HA group's role changes (section <c>Roles</c>).</summary>
public sealed class RoleOptions
{
    /// <summary>This system's name (e.g. PROD), its cluster id; set by the silo from its own name. Default <c>LOCAL</c>.</summary>
    public string SystemName { get; set; } = "LOCAL";

    /// <summary>How long a switch-over waits for the journals to drain before it gives up and accepts writes again. Default 10 minutes.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a switch-over or switch-back waits for its file set runs. Default 30 minutes.</summary>
    public TimeSpan FileSetRunTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a call to another member may take before that member counts as unreachable. Default 5 seconds.</summary>
    public TimeSpan PeerTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a role change looks at the journals' positions and its file set runs while it waits for them. Default 100 milliseconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a production system tells members that have not yet learned its epoch. Default 5 seconds.</summary>
    public TimeSpan AnnounceInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a backup with automatic failover probes production. Default 1 second.</summary>
    public TimeSpan FailoverProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How old the readiness check STATUS shows may be before it is made again. Default 30 seconds.</summary>
    public TimeSpan ReadinessMaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock skew between the members above which a swap is refused. Default 30 seconds.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock skew above which readiness warns (without refusing). Default 2 seconds.</summary>
    public TimeSpan WarnClockSkew { get; set; } = TimeSpan.FromSeconds(2);
}
