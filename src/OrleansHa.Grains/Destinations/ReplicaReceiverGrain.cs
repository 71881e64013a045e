using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Destinations;
using OrleansHa.Grains.Monitoring;
using OrleansHa.Grains.Roles;
using OrleansHa.Roles;
using OrleansHa.Grains.Security;
using OrleansHa.Security;
using OrleansHa.Sync;
using OrleansHa.Users;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// The receiving side of the <c>silo</c> transport. Every write goes through a
/// <see cref="LocalDirectoryTarget"/> rooted at the target path and confined to the user's roots on
/// this system, so the files land with the same atomic (temporary name, then rename) and confinement
/// rules as a local destination. Large files are staged in <see cref="MonitorOptions.StagingDirectory"/>
/// chunk by chunk, durably enough to resume an interrupted upload, then put into place in one step (see
/// ReplicaReceiverGrain.Resume.cs). Files belong to the user as this system knows them:
/// the uid and gid the sender sends are replaced by those of the user's profile here (the numbers of one
/// system mean nothing, or someone else, on another), and a user this system does not know is refused.
/// The target's file-system calls run on the thread pool, off the grain's turn, each bounded by
/// <see cref="ReplicaReceiverOptions.IoTimeout"/> (see <see cref="OffTurnAsync{T}"/>); the target is safe for concurrent
/// use, and the grain's own fields are read and written only on its turn.
/// </summary>
public sealed partial class ReplicaReceiverGrain(
    IOptions<MonitorOptions> options,
    IOptions<ReplicaReceiverOptions> receiverOptions,
    TimeProvider time,
    ILogger<ReplicaReceiverGrain> logger) : Grain, IReplicaReceiverGrain
{
    private readonly Dictionary<Guid, OpenUpload> _uploads = [];
    private LocalDirectoryTarget? _target;
    private (int Uid, int Gid) _owner;
    private List<ReplicaEntry>? _listing;
    private bool _durable = true;

    private (string User, string Path) Key
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            var bar = key.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0)
            {
                throw new InvalidDefinitionException("receiver", $"'{key}' is not a receiver key", "user|/absolute/target/path");
            }

            return (key[..bar], key[(bar + 1)..]);
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Staged uploads stay on disk (see ReplicaReceiverGrain.Resume.cs): the next run resumes them.
        await CloseUploadsAsync(_ => true);
        AbandonDeltas();
        _target?.Dispose();
    }

    /// <inheritdoc />
    public async Task<string> OpenAsync(bool durable, long epoch)
    {
        // Fencing before anything is opened: production takes no replicas, and a run of an older epoch comes from a
        // former production that has not learned the role change.
        var (user, _) = Key;
        CallerPrincipal.Current.DemandOwnerOrAdministrator(user, $"user {user}'s replicas");
        var gate = await RoleGates.GetAsync(GrainFactory);
        if (gate.Role == SystemRole.Production)
        {
            throw new WritesRefusedException(
                $"{gate.LocalSystem} is the production system (epoch {gate.Epoch}): it takes no file set runs from another system; "
                + $"a sender at epoch {epoch} is a former production and must rejoin as the backup (role switch-back on {gate.LocalSystem}).")
            {
                Production = gate.LocalSystem,
                Epoch = gate.Epoch,
            };
        }

        if (gate.Epoch > epoch)
        {
            throw new WritesRefusedException(
                $"fenced: {gate.LocalSystem} is at epoch {gate.Epoch}, newer than the sending system's {epoch}; production is {gate.Production}. "
                + "The sender is a former production: it must learn the new epoch before it sends again.")
            {
                Production = gate.Production,
                ProductionGateway = gate.ProductionGateway,
                Epoch = gate.Epoch,
            };
        }

        _durable = durable;
        _target?.Dispose();
        _target = null;
        return (await TargetAsync()).ResolvedRoot;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReplicaEntry>> ListAsync(int offset, int count)
    {
        if (offset == 0 || _listing is null)
        {
            _listing = await OffTurnAsync("list the target", async (target, cancel) =>
            {
                var listing = new List<ReplicaEntry>();
                await foreach (var entry in target.ListAsync(cancel))
                {
                    listing.Add(entry.ToReplica());
                }

                return listing;
            });
        }

        var page = _listing.Skip(offset).Take(count).ToList();
        if (offset + page.Count >= _listing.Count)
        {
            _listing = null;
        }

        return page;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReplicaEntry?>> StatAsync(IReadOnlyList<string> paths)
    {
        var entries = await OffTurnAsync("look up paths", (target, cancel) => target.StatAsync(paths, cancel));
        return [.. entries.Select(e => e?.ToReplica())];
    }

    /// <inheritdoc />
    public async Task CreateDirectoryAsync(string path)
        => await OffTurnAsync($"create directory '{path}'", (target, cancel) => Done(target.CreateDirectoryAsync(path, cancel)));

    /// <inheritdoc />
    public async Task WriteFileAsync(string path, ReplicaMetadata metadata, byte[] content)
    {
        await TargetAsync();
        var owned = Owned(metadata);
        await OffTurnAsync($"write '{path}'", async (target, cancel) =>
        {
            using var stream = new MemoryStream(content, writable: false);
            await target.WriteFileAsync(path, owned, SyncFileContent.FromStream(stream, content.Length), cancel);
            return 0;
        });
    }

    /// <inheritdoc />
    public async Task WriteSymlinkAsync(string path, string linkTarget, ReplicaMetadata metadata)
    {
        await TargetAsync();
        var owned = Owned(metadata);
        await OffTurnAsync($"write link '{path}'", (target, cancel) => Done(target.WriteSymlinkAsync(path, linkTarget, owned, cancel)));
    }

    /// <inheritdoc />
    public async Task SetDirectoryMetadataAsync(string path, ReplicaMetadata metadata)
    {
        await TargetAsync();
        var owned = Owned(metadata);
        await OffTurnAsync($"set the metadata of '{path}'", (target, cancel) => Done(target.SetDirectoryMetadataAsync(path, owned, cancel)));
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string path, ReplicaEntryKind kind)
        => await OffTurnAsync($"delete '{path}'", (target, cancel) => Done(target.DeleteAsync(path, (SyncEntryKind)kind, cancel)));

    /// <inheritdoc />
    public async Task<byte[]> HashFileAsync(string path)
        => await OffTurnAsync($"hash '{path}'", (target, cancel) => target.HashFileAsync(path, cancel));

    /// <inheritdoc />
    public async Task<int> RemoveLeftoversAsync()
        => await OffTurnAsync("remove leftovers", (target, cancel) => target.RemoveLeftoversAsync(cancel));

    /// <inheritdoc />
    public async Task FlushAsync()
        => await OffTurnAsync("flush", (target, cancel) => Done(target.FlushAsync(cancel)));

    /// <summary>Checks the caller and opens the target confined to the user's roots on this system.</summary>
    private async Task<LocalDirectoryTarget> TargetAsync()
    {
        var (user, path) = Key;
        CallerPrincipal.Current.DemandOwnerOrAdministrator(user, $"user {user}'s replicas");
        if (_target is not null)
        {
            return _target;
        }

        CallerPrincipal.ActAsSilo();
        var profile = await GrainFactory.GetGrain<IUserGrain>(user).GetAsync()
            ?? throw new InvalidDefinitionException("user", $"{user} is not defined on this system", "a user defined here too (user profiles are synchronized first)");
        var root = DefinitionRules.RequireAbsolutePath("target", path);
        DefinitionRules.RequireInsideRoots("target", root, user, profile.Definition.Roots);
        var scope = new AccessScope(profile.Definition.Roots, profile.Definition.Uid, profile.Definition.Gid);
        var durable = _durable;
        // Opening resolves, creates and opens directories: off the turn too. The grain's fields are set back on it.
        var names = (TemporaryNames?)ServiceProvider.GetService(typeof(TemporaryNames));
        var opened = await Bounded(root, "open the target", _ => Task.FromResult(new LocalDirectoryTarget(root, scope, durable, names)));
        _owner = (profile.Definition.Uid, profile.Definition.Gid);
        _target = opened;
        LogOpened(logger, user, root);
        return _target;
    }

    /// <summary>Runs <paramref name="io"/> on the target, off the grain's turn and bounded (see <see cref="Bounded{T}"/>).</summary>
    private async Task<T> OffTurnAsync<T>(string what, Func<LocalDirectoryTarget, CancellationToken, Task<T>> io)
    {
        var target = await TargetAsync();
        return await Bounded(target.ResolvedRoot, what, cancel => io(target, cancel));
    }

    /// <summary>
    /// Runs file-system work on the thread pool and waits for it at most <see cref="ReplicaReceiverOptions.IoTimeout"/>
    /// on the grain's clock. Work that takes longer is cancelled and abandoned (its thread stays with the hung mount)
    /// and the sender gets an <see cref="IOException"/> naming the target, instead of a receiver that never answers.
    /// The work is given only values captured on the turn and the target, never the grain's fields.
    /// </summary>
    private async Task<T> Bounded<T>(string root, string what, Func<CancellationToken, Task<T>> io)
    {
        var limit = receiverOptions.Value.IoTimeout;
        using var cancel = new CancellationTokenSource();
        var work = Task.Run(() => io(cancel.Token), CancellationToken.None);
        try
        {
            return await work.WaitAsync(limit, time);
        }
        catch (TimeoutException)
        {
            await cancel.CancelAsync();
            _ = work.ContinueWith(t => LogAbandoned(logger, t.Exception!, root, what), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            LogTimedOut(logger, root, what, limit);
            throw new IOException($"The receiver could not {what} at {root} within {limit} (ReplicaReceiver:IoTimeout): the file system there does not answer (a hung mount?) or is too slow. The run fails here and is retried; check the mount, or raise the setting for very large files.");
        }
    }

    private static async Task<int> Done(Task task)
    {
        await task;
        return 0;
    }

    /// <summary>The sender's metadata with the owner mapped to the user's profile on this system (call after <see cref="TargetAsync"/>).</summary>
    private EntryMetadata Owned(ReplicaMetadata metadata)
        => metadata.ToEntry() with { Uid = _owner.Uid, Gid = _owner.Gid };

    [LoggerMessage(EventId = 5600, Level = LogLevel.Information, Message = "Replica receiver for {User} opened {Root}")]
    private static partial void LogOpened(ILogger logger, string user, string root);

    [LoggerMessage(EventId = 5601, Level = LogLevel.Warning, Message = "Replica receiver at {Root}: could not {What} within {Limit}; the call was abandoned and the sender told")]
    private static partial void LogTimedOut(ILogger logger, string root, string what, TimeSpan limit);

    [LoggerMessage(EventId = 5602, Level = LogLevel.Debug, Message = "Replica receiver at {Root}: the abandoned call to {What} failed later")]
    private static partial void LogAbandoned(ILogger logger, Exception exception, string root, string what);
}
