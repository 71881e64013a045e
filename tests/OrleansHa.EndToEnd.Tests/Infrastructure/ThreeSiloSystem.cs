using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansHa.Connections;
using OrleansHa.Silo.Security;
using OrleansHa.Testing;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The production system PROD as three silo processes in cluster azure: one Azurite for membership, grain state and
/// reminders, one PostgreSQL database for the journals, distinct loopback ports and a data folder each, and one
/// credentials file and signing key in a shared secrets folder (as an operator gives every silo the same
/// <c>--credentials-file</c> and <c>--signing-key-file</c>). With <c>withBackup</c>, a one-silo BACKUP system on SQLite
/// too, which PROD reaches with the credential <see cref="BackupCredential"/>. A test kills, stops and restarts silos
/// by index; <see cref="Silos"/> always holds the current process of each.
/// </summary>
public sealed class ThreeSiloSystem : IAsyncDisposable
{
    /// <summary>The entry of PROD's credentials file it logs in to BACKUP's gateway with.</summary>
    public const string BackupCredential = "backup";

    /// <summary>The number of PROD's silos.</summary>
    public const int Size = 3;

    private readonly TempFolder _folder;
    private readonly SiloProcess[] _silos;
    private readonly bool _withBackup;
    private readonly string[] _extraArguments;
    private string[] _arguments = [];

    private ThreeSiloSystem(TempFolder folder, AzuriteProcess azurite, PostgresServer postgres, IReadOnlyList<string> extraArguments, bool withBackup)
    {
        _folder = folder;
        Azurite = azurite;
        Postgres = postgres;
        _extraArguments = [.. extraArguments];
        _withBackup = withBackup;
        _silos = [.. Enumerable.Range(0, Size).Select(i => new SiloProcess(System.IO.Path.Combine(folder.Path, $"prod-{i}"), "PROD"))];
        Backup = withBackup ? new SiloProcess(System.IO.Path.Combine(folder.Path, "backup"), "BACKUP") : null;
    }

    /// <summary>The folder everything lives in; removed at the end.</summary>
    public string Path => _folder.Path;

    /// <summary>The folder all three silos read the credentials file and the signing key from.</summary>
    public string SecretsFolder => System.IO.Path.Combine(Path, "secrets");

    public string CredentialsFile => System.IO.Path.Combine(SecretsFolder, "credentials.json");

    public string SigningKeyFile => System.IO.Path.Combine(SecretsFolder, "silo.key");

    public AzuriteProcess Azurite { get; }

    public PostgresServer Postgres { get; }

    /// <summary>PROD's silos, by index; a restart replaces the entry.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The one-silo BACKUP system, when asked for.</summary>
    public SiloProcess? Backup { get; }

    /// <summary>Every PROD gateway, as clients reach them.</summary>
    public IReadOnlyList<string> Gateways => [.. _silos.Select(s => s.Gateway)];

    /// <summary>
    /// Starts Azurite, PostgreSQL and BACKUP, then PROD's first silo alone (it creates the shared credentials file and
    /// signing key, which two silos starting at once would both try to create), then the other two together.
    /// </summary>
    public static async Task<ThreeSiloSystem> StartAsync(bool withBackup = false, params string[] extraArguments)
    {
        var folder = new TempFolder();
        var azurite = AzuriteProcess.StartAsync(System.IO.Path.Combine(folder.Path, "azurite"));
        var postgres = PostgresServer.StartAsync();
        try
        {
            await Task.WhenAll(azurite, postgres);
        }
        catch
        {
            if (azurite.IsCompletedSuccessfully)
            {
                await azurite.Result.DisposeAsync();
            }

            if (postgres.IsCompletedSuccessfully)
            {
                await postgres.Result.DisposeAsync();
            }

            folder.Dispose();
            throw;
        }

        var system = new ThreeSiloSystem(folder, azurite.Result, postgres.Result, extraArguments, withBackup);
        try
        {
            await system.StartSilosAsync();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Logs in to PROD through the gateways of <paramref name="silos"/> (all three when none are named).</summary>
    public Task<SystemConnection> ConnectAsync(params int[] silos)
    {
        var gateways = (silos.Length == 0 ? Enumerable.Range(0, Size) : silos).Select(i => _silos[i].Gateway).ToList();
        return SystemConnection.ConnectAsync(new SystemConnectionOptions { SystemName = "PROD", Gateways = gateways, User = "admin", Secret = SiloProcess.DefaultSecret });
    }

    /// <summary>SIGKILLs silo <paramref name="silo"/>: it writes nothing more, and its membership row stays Active until the others vote it dead.</summary>
    public Task KillAsync(int silo) => _silos[silo].KillAsync();

    /// <summary>SIGTERMs silo <paramref name="silo"/> and waits for it to exit; returns its exit code.</summary>
    public Task<int> StopAsync(int silo) => _silos[silo].StopAsync();

    /// <summary>Starts silo <paramref name="silo"/> again on its data folder and ports (after a kill or a stop), until it is healthy.</summary>
    public async Task RestartAsync(int silo)
    {
        var earlier = _silos[silo];
        await earlier.DisposeAsync();
        _silos[silo] = new SiloProcess(earlier);
        await _silos[silo].StartAsync(_arguments);
    }

    /// <summary>
    /// The index of the PROD silo at <paramref name="siloAddress"/> (a grain's <c>RuntimeIdentity</c>, as a worker's or
    /// journal's status reports it: <c>S127.0.0.1:{silo port}:{generation}</c>), or -1.
    /// </summary>
    public int IndexOf(string? siloAddress)
        => siloAddress is null ? -1 : Array.FindIndex(_silos, s => siloAddress.StartsWith($"S127.0.0.1:{s.SiloPort}:", StringComparison.Ordinal));

    /// <summary>The last lines each PROD silo printed, for a failed assertion's message.</summary>
    public string Tails()
        => string.Join(Environment.NewLine, _silos.Select((s, i) => $"--- PROD silo {i} ({(s.HasExited ? "exited" : "running")}):{Environment.NewLine}{s.Output[^Math.Min(s.Output.Length, 4000)..]}"));

    /// <summary>What silo <paramref name="silo"/>'s /health says (its system, cluster kind and silo address).</summary>
    public Task<JsonNode> HealthAsync(int silo) => ClusterStartupTests.HealthAsync(_silos[silo]);

    /// <summary>Adds a credential for another system to the shared credentials file (every silo reloads it when it changes).</summary>
    public void AddRemoteCredential(string name, string user, string secret)
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
        var document = JsonSerializer.Deserialize<CredentialsDocument>(File.ReadAllText(CredentialsFile), options)!;
        document.Remotes.Add(new RemoteCredential { Name = name, User = user, Secret = secret });
        var temporary = CredentialsFile + ".new";
        File.WriteAllText(temporary, JsonSerializer.Serialize(document, options));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, CredentialsFile, overwrite: true);
    }

    /// <summary>Kills every silo, stops Azurite and PostgreSQL, and removes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        if (Backup is not null)
        {
            await Backup.DisposeAsync();
        }

        await Azurite.DisposeAsync();
        await Postgres.DisposeAsync();
        _folder.Dispose();
    }

    private async Task StartSilosAsync()
    {
        var journals = await Postgres.CreateDatabaseAsync("prod");
        Directory.CreateDirectory(SecretsFolder);
        _arguments =
        [
            "--cluster", "azure", "--azure-connection-string", Azurite.ConnectionString,
            "--journal-store", "postgres", "--journal-connection-string", journals,
            "--credentials-file", CredentialsFile, "--signing-key-file", SigningKeyFile,
            .. _extraArguments,
        ];
        var backup = Backup?.StartAsync() ?? Task.CompletedTask;
        await _silos[0].StartAsync(_arguments);
        await Task.WhenAll(_silos[1].StartAsync(_arguments), _silos[2].StartAsync(_arguments), backup);
        if (_withBackup)
        {
            AddRemoteCredential(BackupCredential, "admin", SiloProcess.DefaultSecret);
        }
    }
}
