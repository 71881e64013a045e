using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Grains.Roles;
using OrleansHa.Journals;
using OrleansHa.Security;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Journals;

/// <summary>
/// A local journal. Entries, positions and the record copy live in <see cref="IJournalStore"/>, not in grain state
/// (a journal can hold a million entries); this activation keeps only the definition and each receiver's position in
/// memory. Shipping runs in an interleaving timer, so appends go on while a batch is in flight; an append wakes it at
/// once, and a reminder wakes the journal after a restart while any receiver is behind.
/// </summary>
public sealed partial class JournalGrain(
    IJournalStore store,
    IRemoteSystemConnector connector,
    IOptions<JournalOptions> options,
    TimeProvider time,
    ILogger<JournalGrain> logger) : Grain, IJournalGrain, IRemindable
{
    private readonly JournalOptions _options = options.Value;
    private readonly Dictionary<string, ReceiverState> _receivers = new(StringComparer.Ordinal);
    private JournalDefinition? _definition;
    private long _lastSequence;
    private long _filtered;
    private long _rejected;

    private string Name => this.GetPrimaryKeyString();

    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        JournalNames.RequireJournalName(Name);
        await LoadAsync(cancellationToken);

        // The gate is pushed by the group grain whenever it changes; an activation reads it once (no group: writable, epoch 0).
        _gate = await RoleGates.GetAsync(GrainFactory);
        await AlignEpochAsync();
        await FindResumeReminderAsync();
        StartShipping();
        await KeepResumeReminderAsync();
    }

    /// <inheritdoc/>
    public async Task<JournalStatus> DefineAsync(JournalDefinition definition)
    {
        CallerPrincipal.Current.DemandAdministrator($"define journal '{Name}'");
        await RoleGates.DemandDefinitionsWritableAsync(GrainFactory, $"define journal '{Name}'");
        ValidateDefinition(definition);
        ValidateAccess(definition);
        await store.SaveDefinitionAsync(Name, definition, CancellationToken.None);
        await LoadAsync(CancellationToken.None);
        await AlignEpochAsync();
        LogDefined(logger, Name, definition.Receivers.Length, definition.Rules.Length, definition.QueueLimit);
        Wake();
        return Status();
    }

    /// <inheritdoc/>
    public Task<JournalAppendResult> AppendAsync(string requestId, JournalChange[] changes)
    {
        DemandWriter();
        DemandWritable();
        return AppendCoreAsync(requestId, changes);
    }

    /// <inheritdoc/>
    public Task<JournalRecord?> GetRecordAsync(string key)
    {
        DemandReader("read the records of");
        return store.GetRecordAsync(ReadScope, key, CancellationToken.None);
    }

    /// <inheritdoc/>
    public async Task<string[]> ListKeysAsync(string prefix, string? afterKey, int limit)
    {
        DemandReader("list the records of");
        return [.. await store.ListKeysAsync(ReadScope, prefix ?? string.Empty, afterKey, ValidLimit(limit), CancellationToken.None)];
    }

    /// <inheritdoc/>
    public async Task<RecordHistoryEntry[]> GetHistoryAsync(string key, int limit)
    {
        DemandReader("read the history of");
        return [.. await store.GetHistoryAsync(ReadScope, key, ValidLimit(limit), CancellationToken.None)];
    }

    /// <inheritdoc/>
    public Task<JournalStatus> GetStatusAsync()
    {
        DemandReader("read the status of");
        return Task.FromResult(Status());
    }

    /// <inheritdoc/>
    public Task<JournalStatus> DisableAsync(string? systemName) => SetEnabledAsync(systemName, enabled: false);

    /// <inheritdoc/>
    public Task<JournalStatus> EnableAsync(string? systemName) => SetEnabledAsync(systemName, enabled: true);

    /// <inheritdoc/>
    public async Task<ActivityEntry[]> GetActivityAsync(string? key, DateTimeOffset? from, DateTimeOffset? to, int limit)
    {
        DemandReader("read the activity of");
        return [.. await store.QueryActivityAsync(new ActivityQuery(Name, key, from, to, ValidLimit(limit)), CancellationToken.None)];
    }

    /// <summary>An append the caller's rights and the gate have allowed (also the local path of re-applying divergence).</summary>
    private async Task<JournalAppendResult> AppendCoreAsync(string requestId, JournalChange[] changes)
    {
        var definition = _definition ?? throw new InvalidOperationException(
            $"Journal '{Name}' is not defined; create it first (journal create {Name} ...).");
        ValidateAppend(requestId, changes);

        // The queue limit: no receiver may end up more than QueueLimit entries behind. The store applies the bound
        // inside the append's transaction (after the request-id check, so a retry still gets its original answer).
        var worst = _receivers.Values.OrderBy(r => r.Acknowledged).FirstOrDefault();
        var room = worst is null ? long.MaxValue : definition.QueueLimit - (_lastSequence - worst.Acknowledged);
        var outcome = await store.AppendAsync(Name, requestId, changes, definition.Rules, room, _receivers.Count > 0, CancellationToken.None);
        if (!outcome.Result.Accepted)
        {
            var behind = _lastSequence - worst!.Acknowledged;
            var error = $"Journal '{Name}' refused the append: receiver {worst.Address.SystemName} is {behind:N0} entries behind "
                + $"(acknowledged {worst.Acknowledged:N0} of {_lastSequence:N0}; queue limit {definition.QueueLimit:N0}) and this append would add "
                + $"up to {outcome.WouldJournal:N0} more. Nothing was stored; retry once it catches up"
                + (worst.Enabled ? "." : $" (replication to {worst.Address.SystemName} is disabled: enable it), or raise the queue limit.");
            LogAppendRefused(logger, Name, worst.Address.SystemName, behind, definition.QueueLimit);
            await store.AddActivityAsync(new ActivityEntry(time.GetUtcNow(), Name, worst.Address.SystemName, null, null, null, ActivityKind.Refused, error), CancellationToken.None);
            return outcome.Result with { Error = error };
        }

        foreach (var rejection in outcome.Rejections)
        {
            LogLocalRejection(logger, Name, rejection.Key, rejection.Outcome, rejection.Timestamp, rejection.StoredTimestamp);
        }

        if (!outcome.Result.Duplicate)
        {
            _lastSequence = Math.Max(_lastSequence, outcome.Result.LastSequence);
            _filtered += outcome.Result.Filtered;
            _rejected += outcome.Result.Rejected;
        }

        if (outcome.Result.Journaled > 0)
        {
            Wake();
            await KeepResumeReminderAsync();
        }

        return outcome.Result;
    }

    private async Task<JournalStatus> SetEnabledAsync(string? systemName, bool enabled)
    {
        CallerPrincipal.Current.DemandAdministrator($"{(enabled ? "enable" : "disable")} replication of journal '{Name}'");
        if (systemName is not null && !_receivers.ContainsKey(systemName))
        {
            throw new ArgumentException(
                $"Journal '{Name}' has no receiver '{systemName}'; its receivers are: {(_receivers.Count == 0 ? "none" : string.Join(", ", _receivers.Keys))}.",
                nameof(systemName));
        }

        foreach (var receiver in _receivers.Values.Where(r => systemName is null || r.Address.SystemName == systemName))
        {
            var progress = await store.SetReceiverEnabledAsync(Name, receiver.Address.SystemName, enabled, CancellationToken.None);
            receiver.Update(progress);
            receiver.NextAttempt = DateTimeOffset.MinValue;
            receiver.FailuresInARow = 0;
            LogReplicationSwitched(logger, Name, receiver.Address.SystemName, enabled);
        }

        if (enabled)
        {
            Wake();
        }

        return Status();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var state = await store.GetLocalStateAsync(Name, cancellationToken);
        _definition = state.Definition;
        _lastSequence = state.LastSequence;
        _filtered = state.Filtered;
        _rejected = state.Rejected;
        _epoch = state.Epoch;
        var addresses = (state.Definition?.Receivers ?? []).ToDictionary(r => r.SystemName, StringComparer.Ordinal);
        _receivers.Clear();
        foreach (var progress in state.Receivers)
        {
            if (addresses.TryGetValue(progress.SystemName, out var address))
            {
                var receiver = new ReceiverState(address);
                receiver.Update(progress);
                _receivers[address.SystemName] = receiver;
            }
        }
    }

    private JournalStatus Status() => new(
        Name,
        _definition is not null,
        _lastSequence,
        _filtered,
        _rejected,
        _definition?.QueueLimit ?? 0,
        [.. _receivers.Values.OrderBy(r => r.Address.SystemName, StringComparer.Ordinal).Select(r => new ReceiverStatus(
            r.Address.SystemName, r.Address.Gateway, r.Enabled, r.Acknowledged, _lastSequence - r.Acknowledged,
            r.Rejected, r.Retries, r.LastError, r.LastShippedAt))],
        RuntimeIdentity);

    private static int ValidLimit(int limit) => limit is >= 1 and <= 10_000
        ? limit
        : throw new ArgumentOutOfRangeException(nameof(limit), limit, "A limit must be 1 to 10,000.");
}
