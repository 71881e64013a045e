using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansHa.Grains;
using OrleansHa.Grains.Journals;
using OrleansHa.Journals;
using OrleansHa.Systems;

namespace OrleansHa.Benchmarks.Journals;

/// <summary>PROD and BACKUP as two Orleans in-process clusters of one silo, each with its own databases; PROD reaches BACKUP through its client.</summary>
internal sealed class BenchSystems : IAsyncDisposable
{
    public static readonly RemoteSystemAddress BackupAddress = new("BACKUP", "in-process:0", "none");

    private readonly BenchConnector _connector = new();

    private BenchSystems(string folder) => Folder = folder;

    public string Folder { get; }

    public InProcessTestCluster Prod { get; private set; } = null!;

    public InProcessTestCluster Backup { get; private set; } = null!;

    /// <summary>BACKUP's store, noting when batches are applied.</summary>
    public ApplyClock BackupClock { get; private set; } = null!;

    public static async Task<BenchSystems> StartAsync(string folder)
    {
        var systems = new BenchSystems(folder);
        systems.Backup = systems.Build("BACKUP", clockOnStore: true);
        await systems.Backup.DeployAsync();
        systems.BackupClock = systems.Backup.GetSiloServiceProvider().GetRequiredService<ApplyClock>();
        systems._connector.Backup = () => systems.Backup.Client;
        systems.Prod = systems.Build("PROD", clockOnStore: false);
        await systems.Prod.DeployAsync();
        return systems;
    }

    public IJournalGrain Journal(string name) => Prod.Client.GetGrain<IJournalGrain>(name);

    public IRemoteJournalGrain Replica(string name) => Backup.Client.GetGrain<IRemoteJournalGrain>(name + "@PROD");

    public async ValueTask DisposeAsync()
    {
        await Prod.DisposeAsync();
        await Backup.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private InProcessTestCluster Build(string system, bool clockOnStore)
    {
        var builder = BenchCluster.Builder();
        builder.ConfigureSilo((_, silo) =>
        {
            // As a silo keeps it: grain state and reminders in orleansha.db, the journals in journals.db, one folder per system.
            silo.UseSqliteStorage(Path.Combine(Folder, system));
            silo.Services.AddSingleton<IRemoteSystemConnector>(_connector);
            silo.Services.AddJournalServices();
            silo.Services.Configure<JournalStoreOptions>(o => o.DataDirectory = Path.Combine(Folder, system));
            silo.Services.Configure<JournalOptions>(o => o.SystemName = system);
            if (clockOnStore)
            {
                silo.Services.AddSingleton(sp => new ApplyClock(sp.GetRequiredService<SqliteJournalStore>()));
                silo.Services.AddSingleton<IJournalStore>(sp => sp.GetRequiredService<ApplyClock>());
            }
        });
        return builder.Build();
    }
}
