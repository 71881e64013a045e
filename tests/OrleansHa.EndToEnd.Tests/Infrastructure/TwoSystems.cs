using System.Text.Json;
using OrleansHa.Silo.Security;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The setup of every test that replicates over the <c>silo</c> transport: PROD and BACKUP, two silo processes in one
/// temporary folder, PROD holding the credential <see cref="BackupCredential"/> for BACKUP's administrator.
/// </summary>
public sealed class TwoSystems : IAsyncDisposable
{
    /// <summary>The entry of PROD's credentials file it logs in to BACKUP's gateway with.</summary>
    public const string BackupCredential = "backup";

    private readonly TempFolder _folder = new();

    /// <summary>Creates both silo processes (not started yet).</summary>
    public TwoSystems()
    {
        Backup = new SiloProcess(System.IO.Path.Combine(_folder.Path, "backup"), "BACKUP");
        Prod = new SiloProcess(System.IO.Path.Combine(_folder.Path, "prod"), "PROD");
    }

    /// <summary>The folder both systems (and whatever the test adds) live in; removed at the end.</summary>
    public string Path => _folder.Path;

    /// <summary>The production system; a test that restarts it puts the new process here, so the end stops that one.</summary>
    public SiloProcess Prod { get; set; }

    /// <summary>The backup system; a test that restarts it puts the new process here, so the end stops that one.</summary>
    public SiloProcess Backup { get; set; }

    /// <summary>Starts both silos (each with <paramref name="extraArguments"/>) and gives PROD the credential (a silo picks up its credentials file's remotes without a restart).</summary>
    public async Task StartAsync(params string[] extraArguments)
    {
        await Task.WhenAll(Backup.StartAsync(extraArguments), Prod.StartAsync(extraArguments));
        await AddRemoteCredentialAsync(Prod, BackupCredential);
    }

    /// <summary>Adds to <paramref name="silo"/>'s credentials file a remote credential <paramref name="name"/>: the administrator with the default secret.</summary>
    public static async Task AddRemoteCredentialAsync(SiloProcess silo, string name)
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
        var document = JsonSerializer.Deserialize<CredentialsDocument>(await File.ReadAllTextAsync(silo.CredentialsFile), options)!;
        document.Remotes.Add(new RemoteCredential { Name = name, User = "admin", Secret = SiloProcess.DefaultSecret });
        await File.WriteAllTextAsync(silo.CredentialsFile, JsonSerializer.Serialize(document, options));
    }

    /// <summary>Stops both silos and removes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await Prod.DisposeAsync();
        await Backup.DisposeAsync();
        _folder.Dispose();
    }
}
