using OrleansHa.Destinations;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Journals;
using OrleansHa.Status;
using OrleansHa.Systems;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// Remote-system addresses that list several gateways of the other system: the silo's connector reaches it through
/// any that answers, and the destination and journal definitions check every address of the list.
/// </summary>
public sealed class GatewayListConnectorTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private readonly TestConnector _test = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _test.DisposeAsync();

    [Fact]
    public async Task ConnectAsync_WhenTheFirstGatewayOfTheListIsDown_ReachesTheSystemThroughAnother()
    {
        var gateways = $"127.0.0.1:{SiloProcess.FreePort()}, {fixture.Silo.Gateway}";

        var factory = await _test.Connector.ConnectAsync(new RemoteSystemAddress("E2E", gateways, "e2e-admin"), CancellationToken.None);
        var pings = new List<DateTimeOffset>();
        for (var i = 0; i < 5; i++)
        {
            pings.Add(await factory.GetGrain<IStatusGrain>("system").PingAsync());
        }

        Assert.Equal(5, pings.Count);
    }

    [Fact]
    public async Task ConnectAsync_WhenTheListNamesAGatewayTwice_ThrowsNamingTheSystem()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _test.Connector.ConnectAsync(new RemoteSystemAddress("E2E", $"{fixture.Silo.Gateway},{fixture.Silo.Gateway}", "e2e-admin"), CancellationToken.None).AsTask());

        Assert.Contains("System E2E", error.Message, StringComparison.Ordinal);
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DestinationDefine_WithSeveralGateways_KeepsTheListWithoutSpaces()
    {
        await using var admin = await fixture.ConnectAsync();

        var info = await admin.Client.GetGrain<IDestinationGrain>("LISTED").DefineAsync(
            new DestinationDefinition("LISTED", DestinationTransport.Silo, null, "127.0.0.1:31000, 127.0.0.1:31001", "BACKUP", "backup-admin"), allowUpdate: true);

        Assert.Equal("127.0.0.1:31000,127.0.0.1:31001", info.Definition.Gateway);
    }

    [Fact]
    public async Task DestinationDefine_WithABadAddressInTheList_IsRefusedNamingIt()
    {
        await using var admin = await fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(() => admin.Client.GetGrain<IDestinationGrain>("BADLIST").DefineAsync(
            new DestinationDefinition("BADLIST", DestinationTransport.Silo, null, "nowhere,127.0.0.1:31000", "BACKUP", "backup-admin"), allowUpdate: true));

        Assert.Contains("'nowhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JournalDefine_WithABadAddressInAReceiversList_IsRefusedNamingTheReceiver()
    {
        await using var admin = await fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => admin.Client.GetGrain<IJournalGrain>("badlist").DefineAsync(
            new JournalDefinition([new RemoteSystemAddress("BACKUP", "nowhere,127.0.0.1:31000", "backup-admin")], [])));

        Assert.Contains("receiver BACKUP", error.Message, StringComparison.Ordinal);
    }
}
