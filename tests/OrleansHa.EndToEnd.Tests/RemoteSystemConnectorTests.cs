using OrleansHa.Connections;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Systems;
using OrleansHa.Users;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>The silo's connector to other systems, from this process to a silo process, with a credentials file of its own.</summary>
public sealed class RemoteSystemConnectorTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private readonly TestConnector _test = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _test.DisposeAsync();

    [Fact]
    public async Task ConnectAsync_WithKnownCredential_CallsReachTheRemoteSystem()
    {
        var factory = await _test.Connector.ConnectAsync(new RemoteSystemAddress("E2E", fixture.Silo.Gateway, "e2e-admin"), CancellationToken.None);

        var info = await factory.GetGrain<IUserGrain>("remote-frank").DefineAsync(new UserDefinition("remote-frank", 77, 7, 1, ["/home/frank"]), allowUpdate: true);

        Assert.Equal(77, info.Definition.Uid);
    }

    [Fact]
    public async Task ConnectAsync_WithUnknownCredentialName_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _test.Connector.ConnectAsync(new RemoteSystemAddress("E2E", fixture.Silo.Gateway, "nobody"), CancellationToken.None).AsTask());

        Assert.Contains("'nobody'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_WhenRemoteIsUnreachable_ThrowsSystemUnavailableNamingTheAddress()
    {
        var gateway = $"127.0.0.1:{SiloProcess.FreePort()}";

        var error = await Assert.ThrowsAsync<SystemUnavailableException>(
            () => _test.Connector.ConnectAsync(new RemoteSystemAddress("GONE", gateway, "e2e-admin"), CancellationToken.None).AsTask());

        Assert.Contains(gateway, error.Message, StringComparison.Ordinal);
    }
}
