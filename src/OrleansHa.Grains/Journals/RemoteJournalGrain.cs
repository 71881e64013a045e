using Microsoft.Extensions.Logging;
using OrleansHa.Grains.Roles;
using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Journals;

/// <summary>
/// A remote journal (key <c>name@SOURCE</c>). Non-reentrant, so batches are stored and applied one at a time, in
/// order; the store does each batch in one transaction, which makes "stored, applied and position advanced" one
/// durable step — the exactly-once guarantee rests on that, not on this activation's memory. Before storing, it asks
/// this system's gate whether the batch may be taken at all (fencing, see <see cref="Refusal"/>); every answer carries
/// the gate's epoch.
/// </summary>
public sealed partial class RemoteJournalGrain(IJournalStore store, TimeProvider time, ILogger<RemoteJournalGrain> logger) : Grain, IRemoteJournalGrain
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

        var gate = await RoleGates.GetAsync(GrainFactory);
        if (Refusal(gate, entries) is { } refusal)
        {
            return await RefuseAsync(gate, entries, refusal);
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

        return outcome.Result with { Epoch = gate.Epoch };
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

    /// <summary>
    /// Why this system does not take the batch now, or null when it does. In this order: no group here, no fencing (as
    /// before groups existed); entries of a newer epoch than this system knows: behind (it learns the epoch from its
    /// group; the sender retries); this system is production: fenced (the sender is a former production); a role change
    /// under way here: behind; entries of an older epoch from a system that is not the production this system follows:
    /// fenced. Entries of epoch 0 (appended before any group) and older entries from the production this system follows
    /// (appended before the group's last redefinition, say) are taken: their source is production now.
    /// </summary>
    private RemoteRefusal? Refusal(RoleGate gate, JournalEntry[] entries)
    {
        if (gate.Role is null)
        {
            return null;
        }

        var newest = entries.Length == 0 ? gate.Epoch : entries.Max(e => e.Epoch);
        if (newest > gate.Epoch)
        {
            return RemoteRefusal.Behind;
        }

        if (gate.Role == SystemRole.Production)
        {
            return RemoteRefusal.Fenced;
        }

        if (gate.Phase != HaGroupPhase.Steady)
        {
            return RemoteRefusal.Behind;
        }

        return newest < gate.Epoch && newest > 0 && JournalNames.ParseRemote(Name).Source != gate.Production ? RemoteRefusal.Fenced : null;
    }

    /// <summary>Answers a refused batch: nothing stored, the position as it is, this system's epoch, and why.</summary>
    private async Task<RemoteReceiveResult> RefuseAsync(RoleGate gate, JournalEntry[] entries, RemoteRefusal refusal)
    {
        var status = await store.GetRemoteStatusAsync(Name, CancellationToken.None);
        long first = entries.Length == 0 ? 0 : entries[0].Sequence, last = entries.Length == 0 ? 0 : entries[^1].Sequence;
        var epoch = entries.Length == 0 ? 0 : entries.Max(e => e.Epoch);
        var role = gate.Role?.ToString() ?? "none";
        if (refusal == RemoteRefusal.Fenced)
        {
            LogFenced(logger, Name, first, last, epoch, role, gate.Epoch, gate.Production ?? "none");
            var detail = $"refused entries {first}-{last} of epoch {epoch} as fenced: this system is {role.ToLowerInvariant()} at epoch {gate.Epoch} "
                + $"(production {gate.Production}); nothing was stored";
            await store.AddActivityAsync(new ActivityEntry(time.GetUtcNow(), Name, JournalNames.ParseRemote(Name).Source, null, first, last, ActivityKind.Role, detail), CancellationToken.None);
        }
        else
        {
            LogBehind(logger, Name, first, last, epoch, gate.Epoch, gate.Phase);
        }

        return new RemoteReceiveResult(
            status.LastApplied, 0, 0, 0, false, gate.Epoch, Fenced: refusal == RemoteRefusal.Fenced, ReceiverBehind: refusal == RemoteRefusal.Behind);
    }

    private static int ValidLimit(int limit) => limit is >= 1 and <= 10_000
        ? limit
        : throw new ArgumentOutOfRangeException(nameof(limit), limit, "A limit must be 1 to 10,000.");

    [LoggerMessage(EventId = 6050, Level = LogLevel.Warning, Message = "Remote journal {Journal} rejected entry {Sequence} for {Key}: {Outcome} (change at {Timestamp:O}, record at {StoredTimestamp:O})")]
    private static partial void LogRejected(ILogger logger, string journal, long sequence, string key, ChangeOutcome outcome, DateTimeOffset timestamp, DateTimeOffset storedTimestamp);

    [LoggerMessage(EventId = 6051, Level = LogLevel.Information, Message = "Remote journal {Journal} refused a batch starting at {First}: only {LastApplied} is applied; the sender resends from there")]
    private static partial void LogGapRefused(ILogger logger, string journal, long first, long lastApplied);

    [LoggerMessage(EventId = 6080, Level = LogLevel.Warning, Message = "Remote journal {Journal} refused entries {First}-{Last} of epoch {EntryEpoch} as fenced: this system is {Role} at epoch {Epoch}, production {Production}; nothing was stored")]
    private static partial void LogFenced(ILogger logger, string journal, long first, long last, long entryEpoch, string role, long epoch, string production);

    [LoggerMessage(EventId = 6081, Level = LogLevel.Information, Message = "Remote journal {Journal} did not take entries {First}-{Last} of epoch {EntryEpoch} yet: this system is at epoch {Epoch}, phase {Phase}; the sender retries")]
    private static partial void LogBehind(ILogger logger, string journal, long first, long last, long entryEpoch, long epoch, HaGroupPhase phase);

    private enum RemoteRefusal
    {
        Fenced,
        Behind,
    }
}
