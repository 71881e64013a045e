using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using OrleansHa.Grains.Roles.Readiness;
using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Roles;

/// <summary>
/// This system's HA group (key <see cref="HaGroups.Default"/>): members, roles, epoch, and the role changes. The
/// definition and the epoch are grain state; journals learn the gate from here at activation and whenever it changes.
/// One role change at a time: while one runs, every other call may interleave (<see cref="MayInterleave"/>) so that a
/// second change is refused at once, naming the one running, instead of queueing behind it; readers of the gate and
/// the status interleave always. Partial files by concern: Readiness, SwitchOver, Failover (and the automatic policy),
/// SwitchBack, Promotion (promote and learn the epoch), Announce, FileSetRuns, Divergence, Recovery (what an activation
/// does with a change a crash interrupted), Log.
/// </summary>
[MayInterleave(nameof(MayInterleave))]
public sealed partial class HaGroupGrain(
    [PersistentState("hagroup")] IPersistentState<HaGroupState> state,
    IOptions<RoleOptions> options,
    TimeProvider time,
    ILogger<HaGroupGrain> logger) : Grain, IHaGroupGrain, IHaGroupRecoveryGrain, IRemindable
{
    private readonly RoleOptions _options = options.Value;

    // The role change running now (set synchronously at its start, cleared when it ends); null when none.
    private RunningChange? _running;

    // Set by a role change while it runs; null otherwise.
    private RoleSwapProgress? Progress { get; set; }

    private string LocalSystem => _options.SystemName;

    // Resolved when first needed, not at activation: every grain of a system without a group asks this one for the
    // gate, also in hosts that register no journal store or connector (they never need them then).
    private IJournalStore JournalStore => ServiceProvider.GetRequiredService<IJournalStore>();

    private IRemoteSystemConnector Connector => ServiceProvider.GetRequiredService<IRemoteSystemConnector>();

    private SystemDescriber Describer => ServiceProvider.GetRequiredService<SystemDescriber>();

    /// <summary>
    /// Orleans' interleaving predicate: while a role change runs, any call may start, so that a second change (or a peer's
    /// promote or learn) is refused at once naming the one running; every state-changing entry point checks
    /// <see cref="TryBegin"/> first. When no change runs, calls take turns as in any grain.
    /// </summary>
    public bool MayInterleave(IInvokable request) => _running is not null;

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ScheduleRecoveryIfNeeded();
        EnsureBackgroundWork();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<HaGroupStatus> DefineAsync(HaGroupDefinition definition)
    {
        CallerPrincipal.Current.DemandAdministrator("define the HA group");
        var s = state.State;
        if (_running is not null || s.Phase is not (HaGroupPhase.Undefined or HaGroupPhase.Steady))
        {
            throw new WritesRefusedException(Gate(), _running is null ? "redefine the HA group" : $"redefine the HA group while {_running.What} runs");
        }

        HaGroupDefinitionRules.Validate(definition, LocalSystem, s.Production);
        var first = s.Definition is null;
        s.Definition = definition;
        if (first)
        {
            s.Epoch = 1;
            s.Production = definition.InitialProduction;
            s.Phase = HaGroupPhase.Steady;
            s.RoleChangedAt = time.GetUtcNow();
            s.LastChange = $"group defined: {definition.InitialProduction} is production";
        }

        s.Unannounced.RemoveAll(m => definition.Members.All(member => member.SystemName != m));
        await SaveAsync();
        LogDefined(logger, LocalSystem, definition.Members.Count, s.Production!, s.Epoch);
        await PublishGateAsync();
        EnsureBackgroundWork();
        return await StatusAsync();
    }

    /// <inheritdoc/>
    public async Task<HaGroupStatus> GetStatusAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("read the HA group");
        return await StatusAsync();
    }

    /// <inheritdoc/>
    public Task<RoleGate> GetGateAsync() => Task.FromResult(Gate());

    /// <inheritdoc/>
    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName switch
    {
        RoleChangeReminder => ResumeCoreAsync(),
        _ => KeepBackgroundWorkAsync(),
    };

    /// <summary>This system's gate as the state gives it.</summary>
    private RoleGate Gate()
    {
        var s = state.State;
        if (s.Definition is null || s.Production is null)
        {
            return RoleGate.Ungrouped(LocalSystem);
        }

        var role = s.Production == LocalSystem ? SystemRole.Production : SystemRole.Backup;
        var productionGateway = role == SystemRole.Production ? null : Member(s.Production)?.Gateway;
        return new RoleGate(LocalSystem, s.Epoch, role, s.Phase, s.Production, productionGateway);
    }

    private HaGroupMember? Member(string? system) => state.State.Definition?.Members.FirstOrDefault(m => m.SystemName == system);

    private async Task<HaGroupStatus> StatusAsync()
    {
        var s = state.State;
        var divergences = s.Definition is null ? 0 : await JournalStore.CountDivergenceAsync(null, CancellationToken.None);
        return new HaGroupStatus(
            LocalSystem, s.Definition is not null, Gate(), s.Definition?.Members ?? [], s.Definition?.AutoFailover,
            s.RoleChangedAt, s.LastChange, [.. s.Fences], (int)Math.Min(divergences, int.MaxValue), Progress);
    }

    /// <summary>Tells every local journal the gate (each answers once its appends in progress have ended).</summary>
    private async Task<IReadOnlyList<JournalStatus>> PublishGateAsync()
    {
        var gate = Gate();
        CallerPrincipal.ActAsSilo();
        var statuses = new List<JournalStatus>();
        foreach (var journal in await JournalStore.ListJournalsAsync(CancellationToken.None))
        {
            statuses.Add(await GrainFactory.GetGrain<IJournalGrain>(journal).SetGateAsync(gate));
        }

        LogGatePublished(logger, LocalSystem, gate.Epoch, gate.Role?.ToString() ?? "none", gate.Phase, statuses.Count);
        return statuses;
    }

    /// <summary>
    /// Writes the state. A write that fails leaves this activation's memory ahead of what is stored: the activation is
    /// dropped, so the next one starts from the stored state and completes or undoes the change from there (as after a crash).
    /// </summary>
    private async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            LogSaveFailed(logger, LocalSystem, state.State.Step, e.Message);
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Claims the one role change slot; false (with the refusal, naming the one running) when it is taken.</summary>
    private bool TryBegin(string what, out string refusal)
    {
        if (_running is { } running)
        {
            refusal = $"{running.What} is running on {LocalSystem} (since {running.Since:u}): one role change at a time; wait for it to end ('role status' shows its progress).";
            return false;
        }

        _running = new RunningChange(what, time.GetUtcNow());
        refusal = string.Empty;
        return true;
    }

    private void End()
    {
        _running = null;
        Progress = null;
    }

    /// <summary>A role change running on this activation.</summary>
    private sealed record RunningChange(string What, DateTimeOffset Since);
}
