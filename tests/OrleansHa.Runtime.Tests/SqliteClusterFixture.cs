using Orleans.Hosting;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Tests;

/// <summary>A cluster whose grain state and reminders live in one SQLite file in a temporary folder.</summary>
public sealed class SqliteClusterFixture : ClusterFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"orleansha-runtime-tests-{Guid.NewGuid():N}");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    protected override void ConfigureStorage(ISiloBuilder silo)
    {
        silo.AddSqliteGrainStorageAsDefault(o => o.DataDirectory = _directory);
        silo.UseSqliteReminderService(o => o.DataDirectory = _directory);
    }
}
