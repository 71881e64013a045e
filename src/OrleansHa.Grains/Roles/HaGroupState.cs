using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles;

/// <summary>The persisted state of this system's HA group grain.</summary>
[GenerateSerializer, Alias("orleansha.ha-group-state")]
public sealed class HaGroupState
{
    /// <summary>The group as defined here; null until defined.</summary>
    [Id(0)] public HaGroupDefinition? Definition { get; set; }

    /// <summary>The epoch this system knows (1 from the definition on).</summary>
    [Id(1)] public long Epoch { get; set; }

    /// <summary>The production system at <see cref="Epoch"/>.</summary>
    [Id(2)] public string? Production { get; set; }

    /// <summary>Where the group stands here.</summary>
    [Id(3)] public HaGroupPhase Phase { get; set; }

    /// <summary>When the epoch began here.</summary>
    [Id(4)] public DateTimeOffset? RoleChangedAt { get; set; }

    /// <summary>The last role change, in words.</summary>
    [Id(5)] public string? LastChange { get; set; }

    /// <summary>Per journal, where <see cref="Epoch"/> began.</summary>
    [Id(6)] public List<JournalFence> Fences { get; set; } = [];

    /// <summary>The role change under way here, or null.</summary>
    [Id(7)] public RoleOperation? Operation { get; set; }

    /// <summary>How far it had come (persisted before the step acts).</summary>
    [Id(8)] public RoleChangeStep Step { get; set; }

    /// <summary>The epoch the change under way makes.</summary>
    [Id(9)] public long OperationEpoch { get; set; }

    /// <summary>The other system of the change under way (the backup being promoted, the former production, …).</summary>
    [Id(10)] public string? Partner { get; set; }

    /// <summary>When the change under way began.</summary>
    [Id(11)] public DateTimeOffset? OperationStartedAt { get; set; }

    /// <summary>Fences the change under way was given (by the promoted backup, or the production being learned).</summary>
    [Id(12)] public List<JournalFence> OperationFences { get; set; } = [];

    /// <summary>Members that have not yet acknowledged this production's epoch: the announce loop keeps telling them.</summary>
    [Id(13)] public List<string> Unannounced { get; set; } = [];

    /// <summary>The production system this one took over from by failover; the target of a switch-back (null when none).</summary>
    [Id(14)] public string? FormerProduction { get; set; }
}
