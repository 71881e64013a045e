using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace OrleansHa.Storage.Tests.Cluster;

/// <summary>
/// Grain state and reminders on SQLite through real Orleans silos (<see cref="InProcessTestCluster"/>): across a
/// restart of the only silo, and with two silos of one process on one file.
/// </summary>
public sealed class SqliteClusterTests : IDisposable
{
    private readonly TempDirectory _directory = new("cluster");

    private string FilePath => Path.Combine(_directory.Path, "orleansha.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PersistentStateAndReminder_WhenOnlySiloRestarts_Survive()
    {
        await using var cluster = Build(silos: 1);
        await cluster.DeployAsync();
        var key = Guid.NewGuid().ToString("N");
        var grain = cluster.Client.GetGrain<IStorageProbeGrain>(key);
        await grain.IncrementAsync();
        await grain.IncrementAsync();
        await grain.RemindAsync("nightly");

        await cluster.RestartSiloAsync(cluster.Silos[0]);
        var again = cluster.Client.GetGrain<IStorageProbeGrain>(key);
        var count = await FirstCallAfterRestartAsync(() => again.GetAsync());

        // The stopped silo gave up its hold when it stopped (it is never disposed): only the new silo holds the file.
        Assert.Equal(1, SqliteDatabaseFiles.Users(FilePath));
        Assert.Equal(2, count);
        Assert.Equal(["nightly"], await again.GetReminderNamesAsync());
        Assert.Equal(3, await again.IncrementAsync());
    }

    /// <summary>
    /// The client learns of the restarted silo's gateway on its own schedule: until then a call fails with a connection
    /// error, which is no answer about storage. Retries such failures only, for at most 30 s.
    /// </summary>
    private static async Task<T> FirstCallAfterRestartAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (error is Orleans.Runtime.Messaging.ConnectionFailedException or SiloUnavailableException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    [Fact]
    public async Task PersistentState_WhenTwoSilosShareOneFile_BothWriteThroughOneWriter()
    {
        await using var cluster = Build(silos: 2);
        await cluster.DeployAsync();
        var keys = Enumerable.Range(0, 40).Select(i => $"shared-{i}-{Guid.NewGuid():N}").ToArray();

        await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IStorageProbeGrain>(k).IncrementAsync()));
        await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IStorageProbeGrain>(k).RemindAsync("r")));
        var hosts = await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IStorageProbeGrain>(k).GetSiloAsync()));
        var counts = await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IStorageProbeGrain>(k).IncrementAsync()));

        var files = cluster.Silos
            .Select(s => ((SqliteGrainStorage)s.ServiceProvider.GetRequiredKeyedService<IGrainStorage>("Default")).Database.File)
            .ToArray();
        Assert.Equal(2, hosts.Distinct(StringComparer.Ordinal).Count());
        Assert.Same(files[0], files[1]);
        Assert.Equal(2, SqliteDatabaseFiles.Users(FilePath));
        Assert.All(counts, c => Assert.Equal(2, c));
        var table = cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        var all = (await table.ReadRows(0, 0)).Reminders;
        Assert.Equal(keys.Length, all.Count);
    }

    private InProcessTestCluster Build(short silos)
        => new InProcessTestClusterBuilder(silos)
            .ConfigureSilo((_, silo) => silo
                .AddSqliteGrainStorageAsDefault(o => o.DataDirectory = _directory.Path)
                .UseSqliteReminderService(o => o.DataDirectory = _directory.Path))
            .Build();
}
