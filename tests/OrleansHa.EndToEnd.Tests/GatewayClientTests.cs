using Orleans.Runtime;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Runtime.Gateway.Client;
using OrleansHa.Runtime.Testing;
using static OrleansHa.EndToEnd.Tests.Infrastructure.ScriptedGatewayServer;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>The client against a gateway that answers, stays silent, or hangs up.</summary>
public sealed class GatewayClientTests
{
    [Fact]
    public async Task GetStatusAsync_WhenSiloAnswers_ReadsTheReply()
    {
        await using var server = new ScriptedGatewayServer(_ => RequestAction.Answer);
        await using var client = await Connect(server.Gateway);

        var status = await client.GetStatusAsync(CancellationToken.None);

        Assert.Equal("SCRIPTED", status.SystemName);
        Assert.Equal(7, status.Activations);
        Assert.Equal(TimeSpan.FromMinutes(1), status.Uptime);
    }

    [Fact]
    public async Task Call_WhenNoResponseWithinTimeout_ThrowsTimeoutException()
    {
        var clock = new FakeTimeProvider();
        await using var server = new ScriptedGatewayServer(_ => RequestAction.Ignore);
        await using var client = await Connect(server.Gateway, clock);

        var call = client.GetStatusAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(31));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains(server.Gateway, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_WhenConnectionDropsInFlight_FailsWithSiloUnavailableAndNextCallReconnects()
    {
        await using var server = new ScriptedGatewayServer(connection => connection == 0 ? RequestAction.Drop : RequestAction.Answer);
        await using var client = await Connect(server.Gateway);

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.GetStatusAsync(CancellationToken.None));
        var status = await client.GetStatusAsync(CancellationToken.None);

        Assert.Contains("was lost while status was in flight", error.Message, StringComparison.Ordinal);
        Assert.Equal("SCRIPTED", status.SystemName);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Call_WhenSiloSaysGoAway_NextCallsUseANewConnectionAndTheHeldCallStillCompletes()
    {
        await using var server = new ScriptedGatewayServer(connection => connection == 0 ? RequestAction.GoAwayAndHoldFirst : RequestAction.Answer);
        await using var client = await Connect(server.Gateway);

        var held = client.GetStatusAsync(CancellationToken.None);
        await server.GoAwaySent;
        for (var attempt = 0; attempt < 200 && server.Connections < 2; attempt++)
        {
            await client.GetStatusAsync(CancellationToken.None);
        }

        server.ReleaseHeld();
        var status = await held;

        Assert.Equal(2, server.Connections);
        Assert.Equal("SCRIPTED", status.SystemName);
    }

    [Fact]
    public async Task ConnectAsync_WhenNothingListens_ThrowsSiloUnavailableNamingTheAddress()
    {
        var gateway = $"127.0.0.1:{SiloProcess.FreePort()}";

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => Connect(gateway));

        Assert.Contains(gateway, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_WithoutCredential_ThrowsBeforeConnecting()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => GatewayClient.ConnectAsync(new GatewayClientOptions { Gateway = "127.0.0.1:1" }, null, CancellationToken.None));

        Assert.Contains("credential", error.Message, StringComparison.Ordinal);
    }

    private static Task<GatewayClient> Connect(string gateway, TimeProvider? clock = null)
        => GatewayClient.ConnectAsync(
            new GatewayClientOptions { Gateway = gateway, User = "admin", Secret = "any", TimeProvider = clock ?? TimeProvider.System, ConnectTimeout = TimeSpan.FromSeconds(5) },
            null,
            CancellationToken.None);
}
