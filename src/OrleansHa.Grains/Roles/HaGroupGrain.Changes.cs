using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles;

// SEAM: the group engineer replaces these with the real implementation.
public sealed partial class HaGroupGrain
{
    /// <inheritdoc/>
    public Task<ReadinessReport> CheckAsync() => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<ReadinessReport?> GetLastReadinessAsync() => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<RoleSwapReport> SwitchOverAsync(bool dryRun) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<RoleSwapReport> FailoverAsync(bool dryRun) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<RoleSwapReport> SwitchBackAsync(bool dryRun) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<IReadOnlyList<DivergentEntry>> GetDivergenceAsync(string? journal, int limit) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<DivergenceResolution> ResolveDivergenceAsync(string journal, string? key, DivergenceAction action, bool dryRun) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<SystemDescription> DescribeAsync() => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<IReadOnlyList<JournalFence>> PromoteAsync(long epoch, string formerProduction) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<HaGroupStatus> LearnEpochAsync(long epoch, string production, IReadOnlyList<JournalFence> fences) => throw new NotImplementedException("SEAM");
}
