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
}
