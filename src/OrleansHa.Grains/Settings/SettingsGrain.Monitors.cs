using OrleansHa.Monitoring;
using OrleansHa.Security;

namespace OrleansHa.Grains.Settings;

/// <summary>
/// The administrator's system-wide operations, answered by the internal registry. Each checks the caller here, then
/// calls the registry as the silo: the registry and the monitors are never reached by a client directly.
/// </summary>
public sealed partial class SettingsGrain
{
    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetUsersAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("list users");
        CallerPrincipal.ActAsSilo();
        return Registry.GetUsersAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetDestinationsAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("list destinations");
        CallerPrincipal.ActAsSilo();
        return Registry.GetDestinationsAsync();
    }

    /// <inheritdoc />
    public Task<RefreshResult> RefreshMonitorsAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("refresh the monitors");
        CallerPrincipal.ActAsSilo();
        return Registry.RefreshAllAsync();
    }

    /// <inheritdoc />
    public Task<RefreshResult> SetRefreshDeferredAsync(bool deferred)
    {
        CallerPrincipal.Current.DemandAdministrator("defer refreshes");
        CallerPrincipal.ActAsSilo();
        return Registry.SetRefreshDeferredAsync(deferred);
    }

    /// <inheritdoc />
    public Task<RefreshResult> ColdStartMonitorsAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("cold-start the monitors");
        CallerPrincipal.ActAsSilo();
        return Registry.ColdStartAsync();
    }
}
