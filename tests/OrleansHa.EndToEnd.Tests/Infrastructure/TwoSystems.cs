using System.Text.Json;
using OrleansHa.Silo.Security;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>The setup of every test that replicates over the <c>silo</c> transport: PROD and BACKUP, two silo processes.</summary>
public static class TwoSystems
{
    /// <summary>The entry of PROD's credentials file it logs in to BACKUP's gateway with.</summary>
    public const string BackupCredential = "backup";

    /// <summary>
    /// Starts both silos and gives PROD the credential <see cref="BackupCredential"/> for BACKUP's administrator
    /// (a silo picks up its credentials file's remotes without a restart).
    /// </summary>
    public static async Task StartAsync(SiloProcess prod, SiloProcess backup)
    {
        await Task.WhenAll(backup.StartAsync(), prod.StartAsync());
        var file = Path.Combine(prod.DataFolder, "credentials.json");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
        var document = JsonSerializer.Deserialize<CredentialsDocument>(await File.ReadAllTextAsync(file), options)!;
        document.Remotes.Add(new RemoteCredential { Name = BackupCredential, User = "admin", Secret = SiloProcess.DefaultSecret });
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(document, options));
    }
}
