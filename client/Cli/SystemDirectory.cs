using OrleansHa.Monitoring;

namespace OrleansHa.Client.Cli;

/// <summary>
/// Which users and destinations a system has: the one place the client asks for its directory. It asks
/// <see cref="IRegistryGrain"/>, which is internal (<c>[SiloOnly]</c>), so the silo refuses these calls until they move
/// to a client-facing grain; swap the two calls here and every command (<c>user list</c>, <c>destination list</c>, the
/// administrator's <c>activity</c>) follows.
/// </summary>
internal static class SystemDirectory
{
    /// <summary>The names of the defined users, sorted.</summary>
    public static Task<IReadOnlyList<string>> GetUsersAsync(IClusterClient client)
        => client.GetGrain<IRegistryGrain>(RegistryKeys.System).GetUsersAsync();

    /// <summary>The names of the defined destinations, sorted.</summary>
    public static Task<IReadOnlyList<string>> GetDestinationsAsync(IClusterClient client)
        => client.GetGrain<IRegistryGrain>(RegistryKeys.System).GetDestinationsAsync();
}
