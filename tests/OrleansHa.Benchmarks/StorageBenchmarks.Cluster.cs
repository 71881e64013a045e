using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansHa.Storage;

namespace OrleansHa.Benchmarks;

/// <summary>
/// Our two paths, both in a one-silo Orleans cluster whose default grain storage is the SQLite provider: the provider
/// called directly (the silo's registered <see cref="IGrainStorage"/>), and grains writing through <c>IPersistentState</c>.
/// </summary>
public sealed partial class StorageBenchmarks
{
    // Our provider: each writer its own grain id, writing its state again and again with its ETag, no grain call between.
    private static async Task<double> OursAsync(string directory, int writers, TimeSpan duration)
    {
        await using var cluster = await StartSqliteClusterAsync(directory);
        var storage = cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageServiceCollectionExtensions.DefaultStorageName);
        var count = 0L;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var id = GrainId.Create("bench", $"w{w}");
            var value = BenchmarkState.Sample();
            var state = new GrainState<BenchmarkState>(value);
            while (stopwatch.Elapsed < duration)
            {
                value.Counter++;
                await storage.WriteStateAsync("state", id, state);
                Interlocked.Increment(ref count);
            }
        }));
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    // The same writes made by grains, each call from the cluster's client bumping and writing the grain's state.
    private static async Task<double> ThroughGrainsAsync(string directory, int writers, TimeSpan duration)
    {
        await using var cluster = await StartSqliteClusterAsync(directory);
        var grains = cluster.Client;
        var count = 0L;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var grain = grains.GetGrain<IStateWriterGrain>($"w{w}");
            while (stopwatch.Elapsed < duration)
            {
                await grain.WriteAsync();
                Interlocked.Increment(ref count);
            }
        }));
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    // A fresh cluster per slice: each slice starts on a new database file, as the raw baseline does.
    private static async Task<InProcessTestCluster> StartSqliteClusterAsync(string directory)
    {
        var builder = BenchCluster.Builder();
        builder.ConfigureSilo((_, silo) => silo.AddSqliteGrainStorageAsDefault(o =>
        {
            o.DataDirectory = directory;
            o.Durable = true;
        }));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
