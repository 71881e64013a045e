using OrleansHa.EndToEnd.Tests.Infrastructure;

namespace OrleansHa.EndToEnd.Tests.Roles;

/// <summary>
/// PROD and BACKUP as one HA group (<see cref="HaGroupSystems"/>), PROD production, shared by a test class. A test that
/// swaps the roles swaps them back before it ends.
/// </summary>
public sealed class HaGroupFixture : IAsyncLifetime
{
    /// <summary>The silos' settings: announce a new epoch every second (the default is 5 s), so a member learns it soon.</summary>
    public static readonly string[] SiloArguments = ["--Roles:AnnounceInterval", "00:00:01"];

    public HaGroupSystems Systems { get; } = new();

    public Task InitializeAsync() => Systems.StartAsync(null, SiloArguments);

    public async Task DisposeAsync() => await Systems.DisposeAsync();
}
