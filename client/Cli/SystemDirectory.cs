using OrleansHa.Monitoring;
using OrleansHa.Settings;

namespace OrleansHa.Client.Cli;

/// <summary>
/// Which users and destinations a system has: the one place the client asks for its directory. It asks the
/// administrator-only <see cref="ISettingsGrain"/>, which checks the caller and then reads the internal registry as the
/// silo (clients never reach the registry itself).
/// </summary>
internal static class SystemDirectory
{
    /// <summary>The names of the defined users, sorted.</summary>
    public static Task<IReadOnlyList<string>> GetUsersAsync(IClusterClient client)
        => client.GetGrain<ISettingsGrain>(RegistryKeys.System).GetUsersAsync();

    /// <summary>The names of the defined destinations, sorted.</summary>
    public static Task<IReadOnlyList<string>> GetDestinationsAsync(IClusterClient client)
        => client.GetGrain<ISettingsGrain>(RegistryKeys.System).GetDestinationsAsync();
}
