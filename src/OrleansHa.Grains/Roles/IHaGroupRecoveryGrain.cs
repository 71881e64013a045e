using OrleansHa.Security;

namespace OrleansHa.Grains.Roles;

/// <summary>
/// The HA group grain's own wake-up (same grain, key <see cref="OrleansHa.Roles.HaGroups.Default"/>): an activation
/// that finds a role change a crash interrupted sends this to itself, so the change is resumed or undone in a turn of
/// its own once activation has ended (journals activating meanwhile can still read the gate). Silo only.
/// </summary>
[SiloOnly, Alias("orleansha.ha-group-recovery-grain")]
public interface IHaGroupRecoveryGrain : IGrainWithStringKey
{
    /// <summary>Resumes or undoes the role change the stored state says was under way; nothing when none was.</summary>
    Task ResumeAsync();
}
