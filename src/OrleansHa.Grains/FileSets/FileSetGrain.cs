using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Monitoring;
using OrleansHa.Grains.Roles;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.Grains.FileSets;

/// <summary>
/// One file set (key <c>owner/name</c>): its definition, its schedule (a reminder) and its last run
/// per destination. A schedule tick or <c>sync now</c> queues a run on the worker of each destination.
/// </summary>
public sealed partial class FileSetGrain(
    [PersistentState("fileset")] IPersistentState<FileSetState> state,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<FileSetGrain> logger) : Grain, IFileSetGrain, IRemindable
{
    private const string ScheduleReminder = "schedule";

    private string Key => this.GetPrimaryKeyString();

    private string Owner => FileSetKey.Parse(Key).Owner;

    /// <inheritdoc />
    public async Task<FileSetInfo> DefineAsync(FileSetDefinition definition, bool allowUpdate)
    {
        var (owner, name) = FileSetKey.Parse(Key);
        CallerPrincipal.Current.DemandOwnerOrAdministrator(owner, $"file set {Key}");
        await RoleGates.DemandDefinitionsWritableAsync(GrainFactory, $"define file set {Key}");
        if (definition.Owner != owner || definition.Name != name)
        {
            throw new InvalidDefinitionException("name", $"'{definition.Owner}/{definition.Name}' does not match the file set being defined ({Key})", Key);
        }

        if (state.State.Definition is not null && !allowUpdate && !state.State.Incomplete)
        {
            throw new InvalidDefinitionException("name", $"file set {Key} already exists", "a name not yet used by this user, or 'fileset update' to change it");
        }

        var user = await GrainFactory.GetGrain<IUserGrain>(owner).GetAsync();
        var destinations = await LoadDestinationsAsync(definition.Targets ?? []);
        var normalized = FileSetValidator.Validate(definition, user, destinations);

        // Order of the writes: the file set's state (marked incomplete when new), then the owner's table, the schedule
        // and the monitor, each of which is idempotent, then the mark cleared. A failure anywhere leaves a state that
        // a retry of the same call, create or update, carries through to the end.
        var created = state.State.Definition is null || state.State.Incomplete;
        state.State.Definition = normalized;
        state.State.Version++;
        state.State.LastRuns.RemoveAll(r => normalized.Targets.All(t => t.Destination != r.Destination));
        state.State.Incomplete = created;
        state.State.Problem = null;
        await state.WriteStateAsync();
        LogDefined(logger, Key, created, state.State.Version);
        await GrainFactory.GetGrain<IUserGrain>(owner).TrackFileSetAsync(name, present: true);
        await ApplyScheduleAsync();
        await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).UserChangedAsync(owner);
        if (state.State.Incomplete)
        {
            state.State.Incomplete = false;
            await state.WriteStateAsync();
        }

        return ToInfo();
    }

    /// <inheritdoc />
    public Task<FileSetInfo?> GetAsync()
    {
        CallerPrincipal.Current.DemandOwnerOrAdministrator(Owner, $"file set {Key}");
        return Task.FromResult(state.State.Definition is null ? null : ToInfo());
    }

    /// <inheritdoc />
    public async Task<FileSetInfo> SetSuspendedAsync(bool suspended)
    {
        CallerPrincipal.Current.DemandOwnerOrAdministrator(Owner, $"file set {Key}");
        await RoleGates.DemandDefinitionsWritableAsync(GrainFactory, $"{(suspended ? "suspend" : "resume")} file set {Key}");
        RequireExists();
        if (state.State.Suspended != suspended)
        {
            state.State.Suspended = suspended;
            state.State.Version++;
            await state.WriteStateAsync();
            LogSuspended(logger, Key, suspended);
            await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).UserChangedAsync(Owner);
        }

        return ToInfo();
    }

    /// <inheritdoc />
    public async Task RemoveAsync()
    {
        var (owner, name) = FileSetKey.Parse(Key);
        CallerPrincipal.Current.DemandOwnerOrAdministrator(owner, $"file set {Key}");
        await RoleGates.DemandDefinitionsWritableAsync(GrainFactory, $"remove file set {Key}");
        RequireExists();
        await state.ClearStateAsync();
        state.State = new FileSetState();
        await ApplyScheduleAsync();
        await GrainFactory.GetGrain<IUserGrain>(owner).TrackFileSetAsync(name, present: false);
        LogRemoved(logger, Key);
        await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).UserChangedAsync(owner);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> SyncNowAsync(string? destination)
        => (await QueueRunNowAsync(destination)).Select(t => t.WorkerKey).ToList();

    /// <inheritdoc />
    public Task<IReadOnlyList<QueuedRunTicket>> QueueRunNowAsync(string? destination)
        => QueueRunNowAsync(destination, allowMassDelete: false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueuedRunTicket>> QueueRunNowAsync(string? destination, bool allowMassDelete)
    {
        CallerPrincipal.Current.DemandOwnerOrAdministrator(Owner, $"file set {Key}");
        var definition = RequireExists();
        if (state.State.Suspended)
        {
            throw new InvalidDefinitionException("file set", $"{Key} is suspended", "sync now on an active file set; 'fileset resume' first");
        }

        var targets = definition.Targets.Where(t => destination is null || t.Destination == destination).ToList();
        if (targets.Count == 0)
        {
            throw new InvalidDefinitionException("destination", $"'{destination}' is not a destination of {Key}", string.Join(", ", definition.Targets.Select(t => t.Destination)));
        }

        var user = await GrainFactory.GetGrain<IUserGrain>(definition.Owner).GetAsync();
        if (user is null || user.Suspended)
        {
            throw new InvalidDefinitionException("user", $"{definition.Owner} is {(user is null ? "not defined" : "suspended")}", "sync now for an active user");
        }

        return await EnqueueAsync(definition, targets, Math.Min(definition.Priority, user.Definition.MaxPriority), allowMassDelete ? "sync now (mass delete allowed)" : "sync now", allowMassDelete);
    }

    /// <inheritdoc />
    public async Task RecordRunAsync(RunRecord run)
    {
        CallerPrincipal.Current.DemandOwnerOrAdministrator(Owner, $"file set {Key}");
        if (state.State.Definition is null)
        {
            return;
        }

        // A worker records a run again after a crash between its writes: a record of it, or of a later run, stays.
        if (state.State.LastRuns.Any(r => r.Destination == run.Destination && ((run.RunId is not null && r.RunId == run.RunId) || r.FinishedAt > run.FinishedAt)))
        {
            return;
        }

        var before = state.State.LastRuns;
        state.State.LastRuns = [.. before.Where(r => r.Destination != run.Destination), run];
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: the worker's retry must find it missing.
            state.State.LastRuns = before;
            throw;
        }
    }

    /// <inheritdoc />
    public Task RegisterScheduleAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("register schedules");
        return ApplyScheduleAsync();
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ScheduleReminder)
        {
            return;
        }

        var definition = state.State.Definition;
        if (definition is null)
        {
            await ApplyScheduleAsync();
            return;
        }

        if (StoredSchedule(definition) is not { } schedule)
        {
            // A stored schedule that cannot be applied: marked failed, its reminder dropped.
            await ApplyScheduleAsync();
            return;
        }

        if (schedule.Kind == ScheduleKind.Daily)
        {
            // A daily reminder has a fixed 24-hour period; across a daylight-saving change the wall-clock
            // time drifts by an hour, so the next due time is worked out again on every tick.
            await ApplyScheduleAsync();
        }

        if (state.State.Suspended)
        {
            LogSkipped(logger, Key, "file set suspended");
            return;
        }

        var user = await GrainFactory.GetGrain<IUserGrain>(definition.Owner).GetAsync();
        if (user is null || user.Suspended)
        {
            LogSkipped(logger, Key, "user suspended or gone");
            return;
        }

        await EnqueueAsync(definition, definition.Targets, Math.Min(definition.Priority, user.Definition.MaxPriority), "schedule", allowMassDelete: false);
    }

    private async Task<IReadOnlyList<QueuedRunTicket>> EnqueueAsync(FileSetDefinition definition, IEnumerable<FileSetTarget> targets, int priority, string reason, bool allowMassDelete)
    {
        var tickets = new List<QueuedRunTicket>();
        foreach (var target in targets)
        {
            var key = WorkerKey.Format(definition.Owner, target.Destination, definition.BatchId);
            tickets.Add(await GrainFactory.GetGrain<ISyncWorkerGrain>(key).QueueRunAsync(definition.Name, priority, reason, allowMassDelete));
        }

        LogQueued(logger, Key, reason, tickets.Count);
        return tickets;
    }

    private async Task<Dictionary<string, DestinationDefinition>> LoadDestinationsAsync(IReadOnlyList<FileSetTarget> targets)
    {
        var known = await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).GetDestinationsAsync();
        var result = new Dictionary<string, DestinationDefinition>(StringComparer.Ordinal);
        foreach (var name in known)
        {
            if (targets.Any(t => t.Destination == name))
            {
                var info = await GrainFactory.GetGrain<IDestinationGrain>(name).GetAsync();
                if (info is not null)
                {
                    result[name] = info.Definition;
                }
            }
            else
            {
                // Only the names matter for the error message; the definition is not read.
                result[name] = new DestinationDefinition(name, DestinationTransport.Local, null, null, null, null);
            }
        }

        return result;
    }

    private FileSetDefinition RequireExists()
        => state.State.Definition ?? throw new DefinitionNotFoundException($"file set {Key} does not exist; 'fileset list' shows the defined file sets.");

    private FileSetInfo ToInfo() => new(state.State.Definition!, state.State.Suspended, state.State.Version, [.. state.State.LastRuns], state.State.Problem);

    [LoggerMessage(EventId = 5050, Level = LogLevel.Information, Message = "File set {FileSet} defined (created: {Created}, version {Version})")]
    private static partial void LogDefined(ILogger logger, string fileSet, bool created, long version);

    [LoggerMessage(EventId = 5051, Level = LogLevel.Information, Message = "File set {FileSet} suspended: {Suspended}")]
    private static partial void LogSuspended(ILogger logger, string fileSet, bool suspended);

    [LoggerMessage(EventId = 5052, Level = LogLevel.Information, Message = "File set {FileSet} removed")]
    private static partial void LogRemoved(ILogger logger, string fileSet);

    [LoggerMessage(EventId = 5053, Level = LogLevel.Debug, Message = "File set {FileSet} queued ({Reason}) on {Workers} worker(s)")]
    private static partial void LogQueued(ILogger logger, string fileSet, string reason, int workers);

    [LoggerMessage(EventId = 5054, Level = LogLevel.Information, Message = "File set {FileSet} schedule tick skipped: {Why}")]
    private static partial void LogSkipped(ILogger logger, string fileSet, string why);
}
