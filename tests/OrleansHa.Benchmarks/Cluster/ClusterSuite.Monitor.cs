using System.Diagnostics;
using OrleansHa.Monitoring;
using OrleansHa.Settings;

namespace OrleansHa.Benchmarks.Cluster;

public sealed partial class ClusterSuite
{
    /// <summary>
    /// Imports <paramref name="users"/> users × 10 file sets (manual schedules: no run starts), restarts every silo so no
    /// grain is active, and times the operator's cold start (<c>orleansha config import --cold-start</c> of the same
    /// document: the registry is internal, so a client converges the monitor this way): every definition read back
    /// from Azurite and found unchanged, every shard's worker table and every checkpoint cleared, every user placed on a
    /// shard and every worker started again.
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
        var converged = await fresh.Client.GetGrain<ISettingsGrain>(RegistryKeys.System).ImportAsync(document, coldStart: true);
        var seconds = cold.Elapsed.TotalSeconds;
        context.Log.WriteLine($"[cluster] {system.Name}: import {import:F1} s; cold start {seconds:F1} s, {converged.Workers:N0} workers");
        return (import, seconds, converged.Workers);
    }
}
