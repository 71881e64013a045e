using OrleansHa.Security;
using OrleansHa.Status;
using OrleansHa.Workers;

namespace OrleansHa.Monitoring;

/// <summary>
/// One monitor shard (key 0, 1, …). It supervises at most the configured number of workers (1024 by
/// default): it keeps (checkpoints) their table, starts, refreshes and stops them when users and
/// file sets change, retries failed ones, and answers STATUS from its cached table.
/// </summary>
[SiloOnly, Alias("orleansha.monitor-grain")]
public interface IMonitorGrain : IGrainWithIntegerKey
{
    /// <summary>Re-reads the users and their file sets and applies the difference to the workers; users that no longer fit are refused.</summary>
    [ResponseTimeout("00:05:00")]
    Task<RefreshResult> RefreshUsersAsync(IReadOnlyList<string> users);

    /// <summary>Forgets the users' workers without stopping them (the registry moved the users to another shard).</summary>
    Task ReleaseUsersAsync(IReadOnlyList<string> users);

    /// <summary>A worker's state changed (called by the worker).</summary>
    Task ReportAsync(WorkerReport report);

    /// <summary>A destination came back or was enabled: waiting workers for it start again.</summary>
    Task DestinationReadyAsync(string destination);

    /// <summary>The periodic check (also driven by the shard's reminder): retries due workers and checks running ones.</summary>
    Task CheckAsync();

    /// <summary>Retries a failed worker now and resets its failure count (an operator stepping in).</summary>
    Task<bool> RetryNowAsync(string workerKey);

    /// <summary>The shard's cached table, filtered by the query; answers without calling the workers.</summary>
    Task<ShardStatus> GetStatusAsync(StatusQuery query);

    /// <summary>Clears the table: stops nothing but resets every worker's checkpoints and queue (cold start).</summary>
    [ResponseTimeout("00:05:00")]
    Task ColdStartAsync();
}
