using Microsoft.Extensions.Logging;
using OrleansHa.Journals;
using OrleansHa.Security;

namespace OrleansHa.Grains.Journals;

/// <summary>
/// A remote journal (key <c>name@SOURCE</c>). Non-reentrant, so batches are stored and applied one at a time, in
/// order; the store does each batch in one transaction, which makes "stored, applied and position advanced" one
/// durable step — the exactly-once guarantee rests on that, not on this activation's memory.
/// </summary>
public sealed partial class RemoteJournalGrain(IJournalStore store, ILogger<RemoteJournalGrain> logger) : Grain, IRemoteJournalGrain
{
    /// <summary>The largest batch a sender may send.</summary>
    public const int MaxBatch = 100_000;

    private string Name => this.GetPrimaryKeyString();

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ = JournalNames.ParseRemote(Name);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<RemoteReceiveResult> ReceiveAsync(JournalEntry[] entries)
    {
        CallerPrincipal.Current.DemandAdministrator($"send entries to remote journal '{Name}'");
        if (entries is null || entries.Length > MaxBatch)
        {
            throw new ArgumentException($"A batch holds 0 to {MaxBatch:N0} entries; this one has {entries?.Length.ToString() ?? "none"}.", nameof(entries));
        }

        var outcome = await store.ReceiveAsync(Name, entries, CancellationToken.None);
        if (outcome.Result.GapRefused)
        {
            LogGapRefused(logger, Name, entries[0].Sequence, outcome.Result.LastApplied);
        }

        foreach (var rejection in outcome.Rejections)
        {
            LogRejected(logger, Name, rejection.Sequence ?? 0, rejection.Key, rejection.Outcome, rejection.Timestamp, rejection.StoredTimestamp);
        }

        return outcome.Result;
    }

    /// <inheritdoc/>
    public async Task<RemoteJournalStatus> GetStatusAsync()
        => await store.GetRemoteStatusAsync(Name, CancellationToken.None) with { Silo = RuntimeIdentity };

    /// <inheritdoc/>
    public Task<JournalRecord?> GetRecordAsync(string key) => store.GetRecordAsync(Name, key, CancellationToken.None);

    /// <inheritdoc/>
    public async Task<string[]> ListKeysAsync(string prefix, string? afterKey, int limit)
        => [.. await store.ListKeysAsync(Name, prefix ?? string.Empty, afterKey, ValidLimit(limit), CancellationToken.None)];

    /// <inheritdoc/>
    public async Task<RecordHistoryEntry[]> GetHistoryAsync(string key, int limit)
        => [.. await store.GetHistoryAsync(Name, key, ValidLimit(limit), CancellationToken.None)];

    /// <inheritdoc/>
    public async Task<ActivityEntry[]> GetActivityAsync(string? key, DateTimeOffset? from, DateTimeOffset? to, int limit)
        => [.. await store.QueryActivityAsync(new ActivityQuery(Name, key, from, to, ValidLimit(limit)), CancellationToken.None)];

    private static int ValidLimit(int limit) => limit is >= 1 and <= 10_000
        ? limit
        : throw new ArgumentOutOfRangeException(nameof(limit), limit, "A limit must be 1 to 10,000.");

    [LoggerMessage(EventId = 6050, Level = LogLevel.Warning, Message = "Remote journal {Journal} rejected entry {Sequence} for {Key}: {Outcome} (change at {Timestamp:O}, record at {StoredTimestamp:O})")]
    private static partial void LogRejected(ILogger logger, string journal, long sequence, string key, ChangeOutcome outcome, DateTimeOffset timestamp, DateTimeOffset storedTimestamp);

    [LoggerMessage(EventId = 6051, Level = LogLevel.Information, Message = "Remote journal {Journal} refused a batch starting at {First}: only {LastApplied} is applied; the sender resends from there")]
    private static partial void LogGapRefused(ILogger logger, string journal, long first, long lastApplied);
}
