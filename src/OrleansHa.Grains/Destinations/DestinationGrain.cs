using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Monitoring;
using OrleansHa.Grains.Roles;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Users;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// One destination system. It probes its availability on a reminder (and when a worker asks) and,
/// when the destination becomes ready again (back, or sync enabled), tells the monitors, which start
/// the workers that were waiting for it.
/// </summary>
public sealed partial class DestinationGrain(
    [PersistentState("destination")] IPersistentState<DestinationState> state,
    IReplicaTransport transport,
    DestinationThrottles throttles,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<DestinationGrain> logger) : Grain, IDestinationGrain, IRemindable
{
    private const string ProbeReminder = "probe";

    private string Name => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<DestinationInfo> DefineAsync(DestinationDefinition definition, bool allowUpdate)
    {
        CallerPrincipal.Current.DemandAdministrator("define destinations");
        await RoleGates.DemandDefinitionsWritableAsync(GrainFactory, $"define destination {Name}");
        CallerPrincipal.ActAsSilo();
        var normalized = DestinationDefinitionRules.Validate(definition, Name);
        if (state.State.Definition is not null && !allowUpdate)
        {
            throw new InvalidDefinitionException("name", $"destination {Name} already exists", "a name not yet used, or 'destination update' to change it");
        }

        var created = state.State.Definition is null;
        state.State.Definition = normalized;
        state.State.Available = false;
        await state.WriteStateAsync();
        LogDefined(logger, Name, normalized.Transport, created);
        await this.RegisterOrUpdateReminder(ProbeReminder, options.Value.ProbeInterval, options.Value.ProbeInterval);
        await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).DestinationChangedAsync(Name, exists: true);
        return await ProbeCoreAsync();
    }

    /// <inheritdoc />
    public Task<DestinationInfo?> GetAsync()
        => Task.FromResult(state.State.Definition is null ? null : ToInfo());

    /// <inheritdoc />
    public async Task<DestinationInfo> SetSyncEnabledAsync(bool enabled)
    {
        CallerPrincipal.Current.DemandAdministrator(enabled ? "enable destinations" : "disable destinations");
        CallerPrincipal.ActAsSilo();
        RequireExists();
        if (state.State.SyncEnabled == enabled)
        {
            return ToInfo();
        }

        state.State.SyncEnabled = enabled;
        await state.WriteStateAsync();
        LogSyncEnabled(logger, Name, enabled);
        if (enabled)
        {
            // Enabling counts as coming back only if the destination answers: probe first.
            var wasAvailable = state.State.Available;
            var info = await ProbeCoreAsync();
            if (info.Ready && wasAvailable)
            {
                await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).DestinationReadyAsync(Name);
            }

            return info;
        }

        return ToInfo();
    }

    /// <inheritdoc />
    public async Task<DestinationInfo> SetBandwidthLimitAsync(long bytesPerSecond)
    {
        CallerPrincipal.Current.DemandAdministrator("change bandwidth limits");
        CallerPrincipal.ActAsSilo();
        RequireExists();
        var changed = DestinationDefinitionRules.Validate(state.State.Definition! with { BandwidthLimit = bytesPerSecond }, Name);
        state.State.Definition = changed;
        await state.WriteStateAsync();
        // Runs from this silo hear of it now; those from other silos at their next look (within a second).
        throttles.SetRate(Name, changed.BandwidthLimit);
        LogBandwidthChanged(logger, Name, changed.BandwidthLimit);
        return ToInfo();
    }

    /// <inheritdoc />
    public Task RemoveAsync() => RemoveAsync(force: false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> RemoveAsync(bool force)
    {
        CallerPrincipal.Current.DemandAdministrator("remove destinations");
        await RoleGates.DemandDefinitionsWritableAsync(GrainFactory, $"remove destination {Name}");
        CallerPrincipal.ActAsSilo();
        RequireExists();
        var users = await FindFileSetsUsingAsync();
        if (users.Count > 0 && !force)
        {
            throw new InvalidDefinitionException("destination", $"{Name} is used by file set(s) {string.Join(", ", users)}",
                "removal of a destination no file set names; change or remove those file sets first, or '--force' to suspend them and remove it");
        }

        // Suspended before the removal: a run of theirs queued meanwhile is dropped, not left waiting for a destination that is gone.
        foreach (var fileSet in users)
        {
            await GrainFactory.GetGrain<IFileSetGrain>(fileSet).SetSuspendedAsync(true);
            LogSuspendedForRemoval(logger, Name, fileSet);
        }

        await state.ClearStateAsync();
        state.State = new DestinationState();
        var reminder = await this.GetReminder(ProbeReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        LogRemoved(logger, Name);
        await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).DestinationChangedAsync(Name, exists: false);
        return users;
    }

    /// <summary>The file sets (<c>owner/name</c>) with a target on this destination, sorted.</summary>
    private async Task<List<string>> FindFileSetsUsingAsync()
    {
        var result = new List<string>();
        foreach (var user in await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).GetUsersAsync())
        {
            if (await GrainFactory.GetGrain<IUserGrain>(user).GetAsync() is not { } info)
            {
                continue;
            }

            foreach (var name in info.FileSets)
            {
                var key = FileSetKey.Format(user, name);
                if (await GrainFactory.GetGrain<IFileSetGrain>(key).GetAsync() is { } fileSet && fileSet.Definition.Targets.Any(t => t.Destination == Name))
                {
                    result.Add(key);
                }
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <inheritdoc />
    public Task<DestinationInfo> ProbeAsync()
    {
        // Anyone may ask for a probe (a worker before its run); what follows is the silo's own work.
        CallerPrincipal.ActAsSilo();
        RequireExists();
        return ProbeCoreAsync();
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // A reminder tick comes from inside the silo, whoever registered the reminder.
        CallerPrincipal.ActAsSilo();
        if (reminderName != ProbeReminder)
        {
            return;
        }

        if (state.State.Definition is null)
        {
            var reminder = await this.GetReminder(ProbeReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        await ProbeCoreAsync();
    }

    private async Task<DestinationInfo> ProbeCoreAsync()
    {
        var s = state.State;
        string? error;
        try
        {
            error = await ProbeTransportAsync(s.Definition!);
        }
        catch (Exception e)
        {
            error = e.Message;
        }

        var available = error is null;
        var cameBack = available && !s.Available;
        var changed = available != s.Available || error != s.ProbeError;
        s.Available = available;
        s.ProbeError = error;
        s.LastProbeAt = time.GetUtcNow();
        if (changed)
        {
            await state.WriteStateAsync();
            LogAvailability(logger, Name, available, error);
        }

        if (cameBack && s.SyncEnabled)
        {
            await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).DestinationReadyAsync(Name);
        }

        return ToInfo();
    }

    /// <summary>
    /// Runs the transport's probe on the thread pool, off this grain's turn: its file-system calls block for as long as
    /// a hung mount does, and on the grain's thread they would hang every request to it. The grain waits at most
    /// <see cref="MonitorOptions.ProbeTimeout"/> on its clock; a probe that takes longer is cancelled and abandoned
    /// (its thread stays with the mount) and the destination counts as unavailable. The probe reads only the
    /// definition, an immutable record, never the grain's state.
    /// </summary>
    private async Task<string?> ProbeTransportAsync(DestinationDefinition definition)
    {
        var limit = options.Value.ProbeTimeout;
        using var cancel = new CancellationTokenSource();
        var probe = Task.Run(() => transport.ProbeAsync(definition, cancel.Token), CancellationToken.None);
        try
        {
            return await probe.WaitAsync(limit, time);
        }
        catch (TimeoutException)
        {
            await cancel.CancelAsync();
            _ = probe.ContinueWith(t => LogAbandonedProbe(logger, t.Exception!, Name), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return $"timed out after {limit}: the destination did not answer the probe (a hung mount or an unreachable system)";
        }
    }

    private void RequireExists()
    {
        if (state.State.Definition is null)
        {
            throw new DefinitionNotFoundException($"destination {Name} does not exist; 'destination list' shows the defined destinations.");
        }
    }

    private DestinationInfo ToInfo()
        => new(state.State.Definition!, state.State.SyncEnabled, state.State.Available, state.State.LastProbeAt, state.State.ProbeError);

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Destination {Destination} defined ({Transport}, created: {Created})")]
    private static partial void LogDefined(ILogger logger, string destination, DestinationTransport transport, bool created);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Destination {Destination} sync enabled: {Enabled}")]
    private static partial void LogSyncEnabled(ILogger logger, string destination, bool enabled);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Destination {Destination} removed")]
    private static partial void LogRemoved(ILogger logger, string destination);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Destination {Destination} available: {Available} ({Error})")]
    private static partial void LogAvailability(ILogger logger, string destination, bool available, string? error);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Debug, Message = "Destination {Destination}: a probe abandoned after its timeout failed later")]
    private static partial void LogAbandonedProbe(ILogger logger, Exception exception, string destination);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Destination {Destination} removed by force: file set {FileSet} suspended")]
    private static partial void LogSuspendedForRemoval(ILogger logger, string destination, string fileSet);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information, Message = "Destination {Destination}: bandwidth limit now {BytesPerSecond} bytes/s (0: none)")]
    private static partial void LogBandwidthChanged(ILogger logger, string destination, long bytesPerSecond);
}
