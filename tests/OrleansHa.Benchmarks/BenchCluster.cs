using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.TestingHost;
using OrleansHa.Benchmarks.Journals;
using OrleansHa.Grains;
using OrleansHa.Journals;
using OrleansHa.Grains.Monitoring;
using OrleansHa.Storage;
using OrleansHa.Systems;

namespace OrleansHa.Benchmarks;

/// <summary>How every suite builds a cluster: Orleans' in-process test cluster (in-memory transport, no ports).</summary>
internal static class BenchCluster
{
    /// <summary>A builder for <paramref name="silos"/> silos (one unless a suite needs more) that writes no trace files.</summary>
    public static InProcessTestClusterBuilder Builder(short silos = 1)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        // The test host writes a trace file per silo into the working folder by default; a benchmark run leaves none.
        builder.Options.ConfigureFileLogging = false;
        return builder;
    }

    /// <summary>
    /// Grain state and reminders in SQLite under <paramref name="dataFolder"/>, as the silo keeps them: durable
    /// (synchronous=FULL), and surviving a restart of the only silo, which memory storage does not.
    /// </summary>
    public static ISiloBuilder UseSqliteStorage(this ISiloBuilder silo, string dataFolder)
    {
        silo.AddSqliteGrainStorageAsDefault(o => o.DataDirectory = dataFolder);
        silo.UseSqliteReminderService(o => o.DataDirectory = dataFolder);
        return silo;
    }

    /// <summary>
    /// Our grains' services as the silo adds them, their folders under <paramref name="root"/>: the journals' store,
    /// the monitor's checkpoints and staging. No other system is reachable (a journal here has no receivers).
    /// </summary>
    public static ISiloBuilder AddBenchGrains(this ISiloBuilder silo, string root)
    {
        silo.Services.AddOrleansHaGrains();
        silo.Services.Configure<JournalStoreOptions>(o => o.DataDirectory = Path.Combine(root, "journals"));
        silo.Services.Configure<MonitorOptions>(o =>
        {
            o.CheckpointDirectory = Path.Combine(root, "checkpoints");
            o.StagingDirectory = Path.Combine(root, "staging");
        });
        silo.Services.TryAddSingleton<IRemoteSystemConnector>(new BenchConnector());
        return silo;
    }
}
