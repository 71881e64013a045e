using OrleansHa.Monitoring;

namespace OrleansHa.Settings;

/// <summary>
/// Settings backup and restore, and the administrator's system-wide operations on definitions and the monitors
/// (key <c>system</c>); administrator only. Clients reach the internal registry and monitor grains only through here.
/// </summary>
[Alias("orleansha.settings-grain")]
public interface ISettingsGrain : IGrainWithStringKey
{
    /// <summary>Every definition, as one document.</summary>
    [ResponseTimeout("00:05:00")]
    [Idempotent]
    Task<SettingsDocument> ExportAsync();

    /// <summary>
    /// Validates the whole document, changing nothing if any part is wrong (the error lists every
    /// problem); then creates or updates every definition in it. With <paramref name="coldStart"/>,
    /// clears the worker tables and checkpoints and registers the schedules afresh.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<ImportResult> ImportAsync(SettingsDocument document, bool coldStart);

    /// <summary>The names of the defined users, sorted.</summary>
    [Idempotent]
    Task<IReadOnlyList<string>> GetUsersAsync();

    /// <summary>The names of the defined destinations, sorted.</summary>
    [Idempotent]
    Task<IReadOnlyList<string>> GetDestinationsAsync();

    /// <summary>Every monitor shard refreshes every user (after a restore, or to converge from cold).</summary>
    [ResponseTimeout("00:10:00")]
    [Idempotent]
    Task<RefreshResult> RefreshMonitorsAsync();

    /// <summary>
    /// While deferred, changes to users and file sets are only noted; ending the deferral refreshes every noted user at
    /// once (for bulk changes).
    /// </summary>
    [ResponseTimeout("00:10:00")]
    [Idempotent]
    Task<RefreshResult> SetRefreshDeferredAsync(bool deferred);

    /// <summary>Clears every shard's worker table and every worker's checkpoints, then refreshes all users (ending any deferral).</summary>
    [ResponseTimeout("00:10:00")]
    Task<RefreshResult> ColdStartMonitorsAsync();
}
