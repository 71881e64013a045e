using Microsoft.Extensions.Logging;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Roles;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Settings;
using OrleansHa.Users;

namespace OrleansHa.Grains.Settings;

/// <summary>
/// Settings backup and restore. Export reads every definition; import validates the whole document
/// first (every problem listed, nothing changed if any), then defines users, destinations and file
/// sets in that order with the monitors' refresh deferred, and refreshes once at the end. A cold
/// start also clears the worker tables and checkpoints and registers every schedule afresh.
/// </summary>
public sealed partial class SettingsGrain(TimeProvider time, ILogger<SettingsGrain> logger) : Grain, ISettingsGrain
{
    private const int FanOut = 64;

    private IRegistryGrain Registry => GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System);

    /// <inheritdoc />
    public async Task<SettingsDocument> ExportAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("export settings");
        CallerPrincipal.ActAsSilo();
        var registry = GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System);
        var users = new List<UserSettings>();
        var fileSets = new List<FileSetSettings>();
        foreach (var chunk in (await registry.GetUsersAsync()).Chunk(FanOut))
        {
            var infos = await Task.WhenAll(chunk.Select(u => GrainFactory.GetGrain<IUserGrain>(u).GetAsync()));
            foreach (var info in infos.OfType<UserInfo>())
            {
                users.Add(new UserSettings(info.Definition, info.Suspended));
                var sets = await Task.WhenAll(info.FileSets.Select(n => GrainFactory.GetGrain<IFileSetGrain>(FileSetKey.Format(info.Definition.Name, n)).GetAsync()));
                fileSets.AddRange(sets.OfType<FileSetInfo>().Select(f => new FileSetSettings(f.Definition, f.Suspended)));
            }
        }

        var destinations = await Task.WhenAll((await registry.GetDestinationsAsync()).Select(n => GrainFactory.GetGrain<IDestinationGrain>(n).GetAsync()));
        var document = new SettingsDocument(SettingsDocument.FormatName, SettingsDocument.CurrentVersion, time.GetUtcNow(),
            users, [.. destinations.OfType<DestinationInfo>().Select(d => new DestinationSettings(d.Definition, d.SyncEnabled))], fileSets);
        LogExported(logger, users.Count, document.Destinations.Count, fileSets.Count);
        return document;
    }

    /// <inheritdoc />
    public async Task<ImportResult> ImportAsync(SettingsDocument document, bool coldStart)
    {
        CallerPrincipal.Current.DemandAdministrator("import settings");
        await RoleGates.DemandDefinitionsWritableAsync(GrainFactory, "import settings");
        CallerPrincipal.ActAsSilo();
        SettingsValidator.Validate(document);

        var registry = GrainFactory.GetGrain<IRegistryGrain>(RegistryKeys.System);
        await registry.SetRefreshDeferredAsync(true);
        try
        {
            await DefineAllAsync(document);
        }
        catch
        {
            await registry.SetRefreshDeferredAsync(false);
            throw;
        }

        RefreshResult refreshed;
        if (coldStart)
        {
            refreshed = await registry.ColdStartAsync();
            foreach (var chunk in document.FileSets.Chunk(FanOut))
            {
                await Task.WhenAll(chunk.Select(f => GrainFactory.GetGrain<IFileSetGrain>(f.Definition.Key).RegisterScheduleAsync()));
            }
        }
        else
        {
            refreshed = await registry.SetRefreshDeferredAsync(false);
        }

        LogImported(logger, document.Users.Count, document.Destinations.Count, document.FileSets.Count, coldStart);
        return new ImportResult(document.Users.Count, document.Destinations.Count, document.FileSets.Count, coldStart, refreshed.WorkerCount);
    }

    private async Task DefineAllAsync(SettingsDocument document)
    {
        // Users first (file sets are checked against their owner), then destinations, then file sets.
        foreach (var chunk in document.Users.Chunk(FanOut))
        {
            await Task.WhenAll(chunk.Select(async u =>
            {
                var grain = GrainFactory.GetGrain<IUserGrain>(u.Definition.Name);
                var info = await grain.DefineAsync(u.Definition, allowUpdate: true);
                if (info.Suspended != u.Suspended)
                {
                    await grain.SetSuspendedAsync(u.Suspended);
                }
            }));
        }

        foreach (var d in document.Destinations)
        {
            var grain = GrainFactory.GetGrain<IDestinationGrain>(d.Definition.Name);
            var info = await grain.DefineAsync(d.Definition, allowUpdate: true);
            if (info.SyncEnabled != d.SyncEnabled)
            {
                await grain.SetSyncEnabledAsync(d.SyncEnabled);
            }
        }

        foreach (var chunk in document.FileSets.Chunk(FanOut))
        {
            await Task.WhenAll(chunk.Select(async f =>
            {
                var grain = GrainFactory.GetGrain<IFileSetGrain>(f.Definition.Key);
                var info = await grain.DefineAsync(f.Definition, allowUpdate: true);
                if (info.Suspended != f.Suspended)
                {
                    await grain.SetSuspendedAsync(f.Suspended);
                }
            }));
        }
    }

    [LoggerMessage(EventId = 5500, Level = LogLevel.Information, Message = "Settings exported: {Users} user(s), {Destinations} destination(s), {FileSets} file set(s)")]
    private static partial void LogExported(ILogger logger, int users, int destinations, int fileSets);

    [LoggerMessage(EventId = 5501, Level = LogLevel.Warning, Message = "Settings imported: {Users} user(s), {Destinations} destination(s), {FileSets} file set(s); cold start: {ColdStart}")]
    private static partial void LogImported(ILogger logger, int users, int destinations, int fileSets, bool coldStart);
}
