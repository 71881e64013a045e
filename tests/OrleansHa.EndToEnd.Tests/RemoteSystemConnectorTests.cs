using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.Connections;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Silo.Security;
using OrleansHa.Silo.Systems;
using OrleansHa.Systems;
using OrleansHa.Users;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>The silo's connector to other systems, from this process to a silo process, with a credentials file of its own.</summary>
public sealed class RemoteSystemConnectorTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private GatewayRemoteSystemConnector _connector = null!;

    public Task InitializeAsync()
    {
        var file = Path.Combine(_folder.Path, "credentials.json");
        var store = new CredentialsStore(file, NullLogger<CredentialsStore>.Instance);
        store.LoadOrCreate("local-admin-secret-0123");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        var document = JsonSerializer.Deserialize<CredentialsDocument>(File.ReadAllText(file), options)!;
        document.Remotes.Add(new RemoteCredential { Name = "e2e-admin", User = "admin", Secret = SiloProcess.DefaultSecret });
        File.WriteAllText(file, JsonSerializer.Serialize(document, options));
        _connector = new GatewayRemoteSystemConnector(store, NullLoggerFactory.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task ConnectAsync_WithKnownCredential_CallsReachTheRemoteSystem()
    {
        var factory = await _connector.ConnectAsync(new RemoteSystemAddress("E2E", fixture.Silo.Gateway, "e2e-admin"), CancellationToken.None);

        var info = await factory.GetGrain<IUserGrain>("remote-frank").DefineAsync(new UserDefinition("remote-frank", 77, 7, 1, ["/home/frank"]), allowUpdate: true);

        Assert.Equal(77, info.Definition.Uid);
    }

    [Fact]
    public async Task ConnectAsync_WithUnknownCredentialName_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _connector.ConnectAsync(new RemoteSystemAddress("E2E", fixture.Silo.Gateway, "nobody"), CancellationToken.None).AsTask());

        Assert.Contains("'nobody'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_WhenRemoteIsUnreachable_ThrowsSystemUnavailableNamingTheAddress()
    {
        var gateway = $"127.0.0.1:{SiloProcess.FreePort()}";

        var error = await Assert.ThrowsAsync<SystemUnavailableException>(
            () => _connector.ConnectAsync(new RemoteSystemAddress("GONE", gateway, "e2e-admin"), CancellationToken.None).AsTask());

        Assert.Contains(gateway, error.Message, StringComparison.Ordinal);
    }
}
