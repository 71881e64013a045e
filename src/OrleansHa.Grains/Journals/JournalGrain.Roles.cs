using OrleansHa.Journals;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Journals;

// SEAM: the journal-grain engineer replaces these with the real implementation.
public sealed partial class JournalGrain
{
    /// <inheritdoc/>
    public Task<JournalStatus> SetGateAsync(RoleGate gate) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<JournalFence> AdoptReplicaAsync(string formerProduction, long epoch) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<int> BecomeReplicaAsync(string production, JournalFence fence) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<DivergentEntry[]> GetDivergenceAsync(string? key, int limit) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<DivergenceResolution> ResolveDivergenceAsync(string? key, DivergenceAction action, bool dryRun) => throw new NotImplementedException("SEAM");
}
