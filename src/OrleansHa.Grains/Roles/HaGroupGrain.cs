using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Roles;

/// <summary>
/// This system's HA group (key <see cref="HaGroups.Default"/>): members, roles, epoch, and the role changes. The
/// definition and the epoch are grain state; journals learn the gate from here at activation and whenever it changes.
/// </summary>
public sealed partial class HaGroupGrain(
    [PersistentState("hagroup")] IPersistentState<HaGroupState> state,
    IJournalStore journals,
    IOptions<RoleOptions> options,
    TimeProvider time,
    ILogger<HaGroupGrain> logger) : Grain, IHaGroupGrain
{
    private readonly RoleOptions _options = options.Value;
    // Set by a role change while it runs (HaGroupGrain.Changes.cs); null otherwise.
    private RoleSwapProgress? Progress { get; set; }

    private string LocalSystem => _options.SystemName;

    /// <inheritdoc/>
    public async Task<HaGroupStatus> DefineAsync(HaGroupDefinition definition)
    {
        CallerPrincipal.Current.DemandAdministrator("define the HA group");
        var s = state.State;
        if (s.Phase is not (HaGroupPhase.Undefined or HaGroupPhase.Steady))
        {
            throw new WritesRefusedException(Gate(), "redefine the HA group");
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

        await state.WriteStateAsync();
        LogDefined(logger, LocalSystem, definition.Members.Count, s.Production!, s.Epoch);
        await PublishGateAsync();
        return Status();
    }

    /// <inheritdoc/>
    public Task<HaGroupStatus> GetStatusAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("read the HA group");
        return Task.FromResult(Status());
    }

    /// <inheritdoc/>
    public Task<RoleGate> GetGateAsync() => Task.FromResult(Gate());

    /// <summary>This system's gate as the state gives it.</summary>
    private RoleGate Gate()
    {
        var s = state.State;
        if (s.Definition is null || s.Production is null)
        {
            return RoleGate.Ungrouped(LocalSystem);
        }

        var role = s.Production == LocalSystem ? SystemRole.Production : SystemRole.Backup;
        var productionGateway = role == SystemRole.Production ? null : s.Definition.Members.FirstOrDefault(m => m.SystemName == s.Production)?.Gateway;
        return new RoleGate(LocalSystem, s.Epoch, role, s.Phase, s.Production, productionGateway);
    }

    private HaGroupStatus Status()
    {
        var s = state.State;
        return new HaGroupStatus(
            LocalSystem, s.Definition is not null, Gate(), s.Definition?.Members ?? [], s.Definition?.AutoFailover,
            s.RoleChangedAt, s.LastChange, [.. s.Fences], 0, Progress);
    }

    /// <summary>Tells every local journal the gate (each answers once its appends in progress have ended).</summary>
    private async Task PublishGateAsync()
    {
        var gate = Gate();
        CallerPrincipal.ActAsSilo();
        foreach (var journal in await journals.ListJournalsAsync(CancellationToken.None))
        {
            await GrainFactory.GetGrain<IJournalGrain>(journal).SetGateAsync(gate);
        }
    }

    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "HA group defined on {System}: {Members} members, production {Production}, epoch {Epoch}")]
    private static partial void LogDefined(ILogger logger, string system, int members, string production, long epoch);
}
