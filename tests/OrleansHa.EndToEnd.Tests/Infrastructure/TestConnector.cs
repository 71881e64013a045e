using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.Silo.Security;
using OrleansHa.Silo.Systems;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The silo's connector to other systems, built in this process over a credentials file of its own that holds one
/// remote credential, <see cref="CredentialName"/>: the administrator of a <see cref="SiloProcess"/> with the default secret.
/// </summary>
public sealed class TestConnector : IAsyncDisposable
{
    /// <summary>The remote credential's name, for <see cref="Systems.RemoteSystemAddress.CredentialName"/>.</summary>
    public const string CredentialName = "e2e-admin";

    private readonly TempFolder _folder = new();

    public TestConnector()
    {
        var file = System.IO.Path.Combine(_folder.Path, "credentials.json");
        var store = new CredentialsStore(file, NullLogger<CredentialsStore>.Instance);
        store.LoadOrCreate("local-admin-secret-0123");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        var document = JsonSerializer.Deserialize<CredentialsDocument>(File.ReadAllText(file), options)!;
        document.Remotes.Add(new RemoteCredential { Name = CredentialName, User = "admin", Secret = SiloProcess.DefaultSecret });
        File.WriteAllText(file, JsonSerializer.Serialize(document, options));
        Connector = new GatewayRemoteSystemConnector(store, NullLoggerFactory.Instance);
    }

    /// <summary>The connector under test.</summary>
    public GatewayRemoteSystemConnector Connector { get; }

    public async ValueTask DisposeAsync()
    {
        await Connector.DisposeAsync();
        _folder.Dispose();
    }
}
