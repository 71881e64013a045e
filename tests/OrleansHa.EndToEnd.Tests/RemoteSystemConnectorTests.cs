using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Runtime.Invocation;
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
        var localTable = new GrainTypeTable([new GrainInterfaceMapping(typeof(IUserGrain).FullName!, "user", "OrleansHa.Grains.Users.UserGrain")]);
        _connector = new GatewayRemoteSystemConnector(store, localTable);
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
    public async Task Call_WhenRemoteIsUnreachable_ThrowsSiloUnavailableNamingTheAddress()
    {
        var gateway = $"127.0.0.1:{SiloProcess.FreePort()}";
        var factory = await _connector.ConnectAsync(new RemoteSystemAddress("GONE", gateway, "e2e-admin"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => factory.GetGrain<IUserGrain>("x").GetAsync());

        Assert.Contains(gateway, error.Message, StringComparison.Ordinal);
    }
}
