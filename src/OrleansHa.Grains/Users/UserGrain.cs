using Microsoft.Extensions.Logging;
using OrleansHa.Grains.Roles;
using OrleansHa.Grains.Security;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Users;

namespace OrleansHa.Grains.Users;

/// <summary>One user: the administrator's SYNCUSER row, plus the names of the user's file sets.</summary>
public sealed partial class UserGrain(
    [PersistentState("user")] IPersistentState<UserState> state,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private string Name => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<UserInfo> DefineAsync(UserDefinition definition, bool allowUpdate)
    {
        CallerPrincipal.Current.DemandAdministrator("define users");
        await RoleGates.DemandDefinitionsWritableAsync(GrainFactory, $"define user {Name}");
        var normalized = Validate(definition, Name);
        var s = state.State;
        if (s.Exists && !allowUpdate)
        {
            throw new InvalidDefinitionException("name", $"user {Name} already exists", "a name not yet used, or 'user update' to change it");
        }

        var created = !s.Exists;
        s.Exists = true;
        s.Uid = normalized.Uid;
        s.Gid = normalized.Gid;
        s.MaxPriority = normalized.MaxPriority;
        s.Roots = [.. normalized.Roots];
        s.Version++;
        await state.WriteStateAsync();
        LogDefined(logger, Name, created, s.Version);
        await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).UserChangedAsync(Name);
        return ToInfo();
    }

    /// <inheritdoc />
    public Task<UserInfo?> GetAsync()
    {
        CallerPrincipal.Current.DemandOwnerOrAdministrator(Name, $"user {Name}");
        return Task.FromResult(state.State.Exists ? ToInfo() : null);
    }

    /// <inheritdoc />
    public async Task<UserInfo> SetSuspendedAsync(bool suspended)
    {
        CallerPrincipal.Current.DemandAdministrator(suspended ? "suspend users" : "resume users");
        await RoleGates.DemandDefinitionsWritableAsync(GrainFactory, $"{(suspended ? "suspend" : "resume")} user {Name}");
        RequireExists();
        if (state.State.Suspended != suspended)
        {
            state.State.Suspended = suspended;
            state.State.Version++;
            await state.WriteStateAsync();
            LogSuspended(logger, Name, suspended);
            await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).UserChangedAsync(Name);
        }

        return ToInfo();
    }

    /// <inheritdoc />
    public async Task RemoveAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("remove users");
        await RoleGates.DemandDefinitionsWritableAsync(GrainFactory, $"remove user {Name}");
        RequireExists();
        if (state.State.FileSets.Count > 0)
        {
            throw new InvalidDefinitionException("user", $"{Name} still has {state.State.FileSets.Count} file set(s): {string.Join(", ", state.State.FileSets.Take(5))}", "removing a user without file sets; remove them first");
        }

        await state.ClearStateAsync();
        state.State = new UserState();
        LogRemoved(logger, Name);
        await GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System).UserChangedAsync(Name);
    }

    /// <inheritdoc />
    public async Task TrackFileSetAsync(string fileSetName, bool present)
    {
        CallerPrincipal.Current.DemandOwnerOrAdministrator(Name, $"user {Name}'s file set table");
        RequireExists();
        var list = state.State.FileSets;
        var index = list.BinarySearch(fileSetName, StringComparer.Ordinal);
        if (present == index >= 0)
        {
            return;
        }

        if (present)
        {
            list.Insert(~index, fileSetName);
        }
        else
        {
            list.RemoveAt(index);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: the table in memory goes back to what storage holds, so a retry writes it again.
            if (present)
            {
                list.Remove(fileSetName);
            }
            else
            {
                list.Insert(index, fileSetName);
            }

            throw;
        }
    }

    /// <summary>Checks a definition against the rules and returns it normalized; the key must match the name.</summary>
    internal static UserDefinition Validate(UserDefinition definition, string key)
    {
        var problems = new DefinitionProblems();
        if (problems.Check(() => DefinitionRules.RequireName("name", definition.Name)) && definition.Name != key)
        {
            problems.Add("name", $"'{definition.Name}' does not match the user being defined ({key})", key);
        }

        if (definition.Uid < 0)
        {
            problems.Add("uid", $"{definition.Uid} is negative", "0 or more");
        }

        if (definition.Gid < 0)
        {
            problems.Add("gid", $"{definition.Gid} is negative", "0 or more");
        }

        if (definition.MaxPriority is < 0 or > DefinitionRules.HighestPriority)
        {
            problems.Add("max-priority", $"{definition.MaxPriority} is out of range", $"0..{DefinitionRules.HighestPriority}");
        }

        string[] roots = [];
        if (definition.Roots is null || definition.Roots.Count == 0)
        {
            problems.Add("roots", "none given", "one or more absolute directories the user may read and write");
        }
        else
        {
            roots = [.. definition.Roots.Select(r => problems.Check(() => DefinitionRules.RequireAbsolutePath("roots", r), string.Empty)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }

        problems.ThrowIfAny();
        return definition with { Roots = roots };
    }

    private void RequireExists()
    {
        if (!state.State.Exists)
        {
            throw new DefinitionNotFoundException($"user {Name} does not exist; 'user list' shows the defined users.");
        }
    }

    private UserInfo ToInfo()
    {
        var s = state.State;
        return new UserInfo(new UserDefinition(Name, s.Uid, s.Gid, s.MaxPriority, [.. s.Roots]), s.Suspended, [.. s.FileSets], s.Version);
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "User {User} defined (created: {Created}, version {Version})")]
    private static partial void LogDefined(ILogger logger, string user, bool created, long version);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "User {User} suspended: {Suspended}")]
    private static partial void LogSuspended(ILogger logger, string user, bool suspended);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "User {User} removed")]
    private static partial void LogRemoved(ILogger logger, string user);
}
