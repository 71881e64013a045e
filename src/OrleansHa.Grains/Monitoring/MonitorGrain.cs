using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Monitoring;

/// <summary>
/// One monitor shard. It keeps (checkpoints) the table of the workers it supervises. A refresh reads
/// the users it is given and their file sets, works out the workers they need (one per user,
/// destination and batch), and applies only the difference: it starts new workers, sends a new file
/// set list to those whose list changed, stops those no longer needed, and leaves the rest alone.
/// Workers report their state here; failures are retried (see MonitorGrain.Supervision.cs).
/// </summary>
public sealed partial class MonitorGrain(
    [PersistentState("monitor")] IPersistentState<MonitorState> state,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<MonitorGrain> logger) : Grain, IMonitorGrain, IRemindable
{
    private const string CheckReminder = "check";

    /// <summary>How many users or workers are handled concurrently in one refresh.</summary>
    private const int FanOut = 128;

    private readonly Dictionary<string, HashSet<string>> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LiveWorker> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrleansHa.Status.FileSetStatus> _lastRuns = new(StringComparer.Ordinal);

    private long Shard => this.GetPrimaryKeyLong();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Whoever's request activated the shard, delivering owed assignments is the silo's own work.
        CallerPrincipal.ActAsSilo();
        foreach (var (key, record) in state.State.Workers)
        {
            Index(key, record.User);
        }

        if (await this.GetReminder(CheckReminder) is null)
        {
            await this.RegisterOrUpdateReminder(CheckReminder, options.Value.CheckInterval, options.Value.CheckInterval);
        }

        // An earlier activation saved its table but may have died before every worker heard of it.
        await TryDeliverPendingAsync();
    }

    /// <inheritdoc />
    public async Task<RefreshResult> RefreshUsersAsync(IReadOnlyList<string> users)
    {
        CallerPrincipal.Current.DemandSilo("refresh the monitor");
        CallerPrincipal.ActAsSilo();
        var destinations = new Dictionary<string, Task<DestinationInfo?>>(StringComparer.Ordinal);
        var desired = new Dictionary<string, Dictionary<string, List<WorkerFileSet>>>(StringComparer.Ordinal);
        foreach (var chunk in users.Distinct(StringComparer.Ordinal).Chunk(FanOut))
        {
            var wanted = await Task.WhenAll(chunk.Select(u => DesiredWorkersAsync(u, destinations)));
            for (var i = 0; i < chunk.Length; i++)
            {
                desired[chunk[i]] = wanted[i];
            }
        }

        var refused = new List<string>();
        var assign = new List<(string Key, WorkerAssignment Assignment)>();
        var stop = new List<string>();
        var started = 0;
        var table = state.State.Workers;
        foreach (var (user, workers) in desired)
        {
            var current = _byUser.TryGetValue(user, out var keys) ? keys : [];
            if (table.Count - current.Count + workers.Count > options.Value.MaxWorkersPerShard)
            {
                // The user's workers would not fit: give the user up (without stopping the workers);
                // the registry moves the user to a shard with room, which takes the workers over.
                foreach (var key in current.ToList())
                {
                    Forget(key);
                }

                refused.Add(user);
                continue;
            }

            foreach (var key in current.Where(k => !workers.ContainsKey(k)).ToList())
            {
                Forget(key);
                stop.Add(key);
            }

            foreach (var (key, fileSets) in workers)
            {
                if (!table.TryGetValue(key, out var record))
                {
                    var (_, destination, batch) = WorkerKey.Parse(key);
                    record = new MonitorWorkerRecord { User = user, Destination = destination, BatchId = batch, FileSets = fileSets };
                    table[key] = record;
                    Index(key, user);
                    assign.Add((key, new WorkerAssignment(Shard, fileSets)));
                    started++;
                }
                else if (!record.FileSets.SequenceEqual(fileSets))
                {
                    record.FileSets = fileSets;
                    assign.Add((key, new WorkerAssignment(Shard, fileSets)));
                }
            }
        }

        // Order: the table and the deliveries it owes are saved together, then the workers are told, then the
        // deliveries are struck off. A crash in between leaves them owed, and the next activation (or check) delivers.
        if (assign.Count > 0 || stop.Count > 0 || refused.Count > 0)
        {
            Owe(assign.Select(a => a.Key), stop);
            await state.WriteStateAsync();
        }

        await DeliverPendingAsync();

        var result = new RefreshResult(refused, table.Count, started, assign.Count - started, stop.Count);
        LogRefreshed(logger, Shard, desired.Count, result.Started, result.Reassigned, result.Stopped, refused.Count, table.Count);
        return result;
    }

    /// <inheritdoc />
    public async Task ReleaseUsersAsync(IReadOnlyList<string> users)
    {
        CallerPrincipal.Current.DemandSilo("release users from the monitor");
        var changed = false;
        foreach (var user in users)
        {
            if (_byUser.TryGetValue(user, out var keys))
            {
                foreach (var key in keys.ToList())
                {
                    Forget(key);
                    changed = true;
                }
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>The workers one user needs: worker key → its file sets (sorted by name).</summary>
    private async Task<Dictionary<string, List<WorkerFileSet>>> DesiredWorkersAsync(string user, Dictionary<string, Task<DestinationInfo?>> destinations)
    {
        var result = new Dictionary<string, List<WorkerFileSet>>(StringComparer.Ordinal);
        var profile = await GrainFactory.GetGrain<IUserGrain>(user).GetAsync();
        if (profile is null || profile.Suspended)
        {
            return result;
        }

        var fileSets = await Task.WhenAll(profile.FileSets.Select(n => GrainFactory.GetGrain<IFileSetGrain>(FileSetKey.Format(user, n)).GetAsync()));
        foreach (var fileSet in fileSets)
        {
            if (fileSet is null || fileSet.Suspended)
            {
                continue;
            }

            var d = fileSet.Definition;
            foreach (var target in d.Targets)
            {
                if (!destinations.TryGetValue(target.Destination, out var lookup))
                {
                    lookup = GrainFactory.GetGrain<IDestinationGrain>(target.Destination).GetAsync();
                    destinations[target.Destination] = lookup;
                }

                if (await lookup is null)
                {
                    continue; // an unknown destination needs no worker
                }

                var key = WorkerKey.Format(user, target.Destination, d.BatchId);
                if (!result.TryGetValue(key, out var list))
                {
                    result[key] = list = [];
                }

                list.Add(new WorkerFileSet(d.Name, Math.Min(d.Priority, profile.Definition.MaxPriority), fileSet.Version));
            }
        }

        foreach (var list in result.Values)
        {
            list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        }

        return result;
    }

    private void Index(string key, string user)
    {
        if (!_byUser.TryGetValue(user, out var keys))
        {
            _byUser[user] = keys = new HashSet<string>(StringComparer.Ordinal);
        }

        keys.Add(key);
    }

    private void Forget(string key)
    {
        if (state.State.Workers.Remove(key, out var record) && _byUser.TryGetValue(record.User, out var keys))
        {
            keys.Remove(key);
            if (keys.Count == 0)
            {
                _byUser.Remove(record.User);
            }
        }

        _live.Remove(key);
    }
}
