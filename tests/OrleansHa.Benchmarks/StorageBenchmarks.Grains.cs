using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using OrleansHa.Storage;

namespace OrleansHa.Benchmarks;

/// <summary>The same writes made by grains through <c>IPersistentState</c> in a silo with SQLite as default storage.</summary>
public sealed partial class StorageBenchmarks
{
    private static async Task<double> ThroughGrainsAsync(string directory, int writers, TimeSpan duration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.AddSqliteGrainStorageAsDefault(o => o.DataDirectory = directory));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
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
        finally
        {
            await host.StopAsync();
        }
    }
}
