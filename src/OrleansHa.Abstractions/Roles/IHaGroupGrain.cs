using Orleans.Concurrency;

namespace OrleansHa.Roles;

/// <summary>
/// The HA group on this system (key <see cref="HaGroups.Default"/>): the members, which is production, the epoch, and the
/// role changes. Every member holds the group durably; every role change raises the epoch, and a member that learns a
/// newer epoch from another takes the role it gives (fencing). Everything here is the administrator's, except
/// <see cref="GetGateAsync"/>, which any signed-in caller may read to find production. Methods under "between members"
/// are what one member's group grain calls on another's, through the remote-system connector (with the administrator's
/// credential of the other system); they check the caller like the rest.
/// </summary>
[Alias("orleansha.ha-group-grain")]
public interface IHaGroupGrain : IGrainWithStringKey
{
    /// <summary>Defines the group on this system, or redefines it while roles are steady (members, policy); administrator only.</summary>
    Task<HaGroupStatus> DefineAsync(HaGroupDefinition definition);

    /// <summary>The group as this system holds it, with a role change's progress while one runs; administrator only.</summary>
    [AlwaysInterleave]
    [Idempotent]
    Task<HaGroupStatus> GetStatusAsync();

    /// <summary>Epoch, role, phase and production: any signed-in caller (clients following production), and the silo's grains.</summary>
    [AlwaysInterleave]
    [Idempotent]
    Task<RoleGate> GetGateAsync();

    /// <summary>Readiness of a switch-over from production to the backup, item by item (users first); administrator only.</summary>
    [AlwaysInterleave]
    [Idempotent]
    [ResponseTimeout("00:05:00")]
    Task<ReadinessReport> CheckAsync();

    /// <summary>
    /// The last readiness check, redone first when older than the configured age (STATUS shows its score); null when no
    /// group is defined or this system is not production. Administrator only.
    /// </summary>
    [AlwaysInterleave]
    [Idempotent]
    [ResponseTimeout("00:05:00")]
    Task<ReadinessReport?> GetLastReadinessAsync();

    /// <summary>
    /// Planned switch-over, on production: refuse writes, drain every journal, a final run of every file set, flip the
    /// roles under a new epoch, replicate in the reverse direction. Refused with the readiness items that fail.
    /// </summary>
    [ResponseTimeout("00:30:00")]
    Task<RoleSwapReport> SwitchOverAsync(bool dryRun);

    /// <summary>
    /// Unplanned failover, on the backup: promotes it under a new epoch, recording per journal the last sequence it
    /// received. Refused while production still answers (use switch-over then).
    /// </summary>
    [ResponseTimeout("00:30:00")]
    Task<RoleSwapReport> FailoverAsync(bool dryRun);

    /// <summary>
    /// After a failover, on production: the returned former production learns the epoch, becomes the backup (its
    /// unshipped entries listed as divergence), catches up from the recorded sequences, and its file sets resynchronise
    /// incrementally. A later switch-over restores the original roles.
    /// </summary>
    [ResponseTimeout("00:30:00")]
    Task<RoleSwapReport> SwitchBackAsync(bool dryRun);

    /// <summary>Divergent entries held here (all journals when null), oldest first, at most <paramref name="limit"/> (1 to 10,000); administrator only.</summary>
    [AlwaysInterleave]
    [Idempotent]
    Task<IReadOnlyList<DivergentEntry>> GetDivergenceAsync(string? journal, int limit);

    /// <summary>Re-applies (through production's apply rules) or discards the divergent entries of a journal (one key's, when given); administrator only.</summary>
    Task<DivergenceResolution> ResolveDivergenceAsync(string journal, string? key, DivergenceAction action, bool dryRun);

    // Between members.

    /// <summary>Between members: this system's definitions, journals, last runs, gate and clock.</summary>
    [AlwaysInterleave]
    [Idempotent]
    [ResponseTimeout("00:05:00")]
    Task<SystemDescription> DescribeAsync();

    /// <summary>
    /// Between members: makes this system (a backup) production at <paramref name="epoch"/>, taking over each journal
    /// from its replica of <paramref name="formerProduction"/>; answers where each journal's epoch begins. A repeat with
    /// the same epoch answers as the first did.
    /// </summary>
    [Idempotent]
    [ResponseTimeout("00:10:00")]
    Task<IReadOnlyList<JournalFence>> PromoteAsync(long epoch, string formerProduction);

    /// <summary>
    /// Between members: <paramref name="production"/> is production at <paramref name="epoch"/>, its journals beginning at
    /// <paramref name="fences"/>. When the epoch is newer than this system's, this system becomes a backup: appends
    /// refused, entries after the fences listed as divergence, replicas positioned at the fences. Answers this system's status.
    /// </summary>
    [Idempotent]
    [ResponseTimeout("00:10:00")]
    Task<HaGroupStatus> LearnEpochAsync(long epoch, string production, IReadOnlyList<JournalFence> fences);
}
