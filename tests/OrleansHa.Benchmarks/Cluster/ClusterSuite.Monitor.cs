using System.Diagnostics;
using OrleansHa.Monitoring;
using OrleansHa.Settings;

namespace OrleansHa.Benchmarks.Cluster;

public sealed partial class ClusterSuite
{
    /// <summary>
    /// Imports <paramref name="users"/> users × 10 file sets (manual schedules: no run starts), restarts every silo so no
    /// grain is active, and times the registry's cold start: every shard's worker table and every checkpoint cleared,
    /// every user placed on a shard, every worker started again, each grain read back from Azurite.
    /// </summary>
    private static async Task<(double Import, double Converge, int Workers)> MeasureConvergeAsync(BenchmarkContext context, ClusterSystem system, int users, CancellationToken cancellationToken)
    {
        var document = BenchSettings.Document(Path.Combine(context.WorkDirectory, system.Name.ToLowerInvariant() + "-settings"), users, 10);
        double import;
        await using (var connection = await system.ConnectAsync(cancellationToken))
        {
            context.Log.WriteLine($"[cluster] {system.Name}: importing {document.FileSets.Count:N0} file sets");
            var watch = Stopwatch.StartNew();
            await connection.Client.GetGrain<ISettingsGrain>(RegistryKeys.System).ImportAsync(document, coldStart: false);
            import = watch.Elapsed.TotalSeconds;
        }

        await system.RestartAllAsync(context.Log, cancellationToken);
        await using var fresh = await system.ConnectAsync(cancellationToken);
        var cold = Stopwatch.StartNew();
        var converged = await fresh.Client.GetGrain<IRegistryGrain>(RegistryKeys.System).ColdStartAsync();
        var seconds = cold.Elapsed.TotalSeconds;
        context.Log.WriteLine($"[cluster] {system.Name}: import {import:F1} s; cold start {seconds:F1} s, {converged.WorkerCount:N0} workers, {converged.Started:N0} started");
        return (import, seconds, converged.WorkerCount);
    }
}
