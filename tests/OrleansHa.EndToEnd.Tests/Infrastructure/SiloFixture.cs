using System.Text.Json;
using OrleansHa.Connections;
using OrleansHa.Silo.Security;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>One silo process on SQLite in a temp folder, shared by a test class, with a user account besides the administrator.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public const string UserName = "alice";
    public const string UserSecret = "alice-secret-0123456789";

    private readonly TempFolder _folder = new();

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = new SiloProcess(_folder.Path);
        await Silo.StartAsync();
        AddUserAccount(Silo.CredentialsFile, UserName, UserSecret);
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        _folder.Dispose();
    }

    public Task<SystemConnection> ConnectAsync(string user = "admin", string secret = SiloProcess.DefaultSecret)
        => Silo.ConnectAsync(user, secret);

    /// <summary>Adds an account to a silo's credentials file, as an operator would; the silo picks it up without a restart.</summary>
    public static void AddUserAccount(string credentialsFile, string name, string secret, string role = "user")
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
        var document = JsonSerializer.Deserialize<CredentialsDocument>(File.ReadAllText(credentialsFile), options)!;
        var (salt, hash) = SecretHasher.Hash(secret);
        document.Accounts.Add(new CredentialAccount { Name = name, Role = role, Salt = salt, Hash = hash, Iterations = SecretHasher.Iterations });
        File.WriteAllText(credentialsFile, JsonSerializer.Serialize(document, options));
    }
}
