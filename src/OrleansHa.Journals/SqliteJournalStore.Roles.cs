using OrleansHa.Roles;

namespace OrleansHa.Journals;

// SEAM: the journal-store engineer replaces these with the real implementation.
public sealed partial class SqliteJournalStore
{
    /// <inheritdoc/>
    public Task SetEpochAsync(string journal, long epoch, CancellationToken cancellationToken) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<long> AdoptReplicaAsync(string journal, string remoteScope, long epoch, CancellationToken cancellationToken) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<IReadOnlyList<DivergentEntry>> BecomeReplicaAsync(string journal, string remoteScope, long lastReceived, long epoch, CancellationToken cancellationToken) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task SetRecordAsync(string scope, string key, JournalRecord? record, string reason, CancellationToken cancellationToken) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<IReadOnlyList<DivergentEntry>> ListDivergenceAsync(string journal, string? key, int limit, CancellationToken cancellationToken) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<long> CountDivergenceAsync(string? journal, CancellationToken cancellationToken) => throw new NotImplementedException("SEAM");

    /// <inheritdoc/>
    public Task<int> ResolveDivergenceAsync(string journal, IReadOnlyList<long> sequences, DivergenceAction action, string by, CancellationToken cancellationToken) => throw new NotImplementedException("SEAM");
}
