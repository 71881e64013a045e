using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Destinations;
using OrleansHa.Grains.Monitoring;
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
/// chunk by chunk, then written into place in one step. Files belong to the user as this system knows them:
/// the uid and gid the sender sends are replaced by those of the user's profile here (the numbers of one
/// system mean nothing, or someone else, on another), and a user this system does not know is refused.
/// </summary>
public sealed partial class ReplicaReceiverGrain(IOptions<MonitorOptions> options, ILogger<ReplicaReceiverGrain> logger) : Grain, IReplicaReceiverGrain
{
    private readonly Dictionary<Guid, Upload> _uploads = [];
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
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _target?.Dispose();
        foreach (var upload in _uploads.Values)
        {
            upload.Dispose();
        }

        _uploads.Clear();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<string> OpenAsync(bool durable)
    {
        _durable = durable;
        _target?.Dispose();
        _target = null;
        return (await TargetAsync()).ResolvedRoot;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReplicaEntry>> ListAsync(int offset, int count)
    {
        var target = await TargetAsync();
        if (offset == 0 || _listing is null)
        {
            _listing = [];
            await foreach (var entry in target.ListAsync(CancellationToken.None))
            {
                _listing.Add(entry.ToReplica());
            }
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
        var entries = await (await TargetAsync()).StatAsync(paths, CancellationToken.None);
        return [.. entries.Select(e => e?.ToReplica())];
    }

    /// <inheritdoc />
    public async Task CreateDirectoryAsync(string path)
        => await (await TargetAsync()).CreateDirectoryAsync(path, CancellationToken.None);

    /// <inheritdoc />
    public async Task WriteFileAsync(string path, ReplicaMetadata metadata, byte[] content)
    {
        var target = await TargetAsync();
        using var stream = new MemoryStream(content, writable: false);
        await target.WriteFileAsync(path, Owned(metadata), SyncFileContent.FromStream(stream, content.Length), CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task<Guid> BeginFileAsync(string path, ReplicaMetadata metadata, long length)
    {
        await TargetAsync();
        var id = Guid.NewGuid();
        var directory = Path.GetFullPath(options.Value.StagingDirectory);
        Directory.CreateDirectory(directory);
        var staging = Path.Combine(directory, id.ToString("N") + ".part");
        _uploads[id] = new Upload(path, metadata, length, staging, new FileStream(staging, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16));
        return id;
    }

    /// <inheritdoc />
    public async Task WriteChunkAsync(Guid upload, long offset, byte[] data)
    {
        var u = FindUpload(upload);
        if (offset < 0 || offset + data.Length > u.Length)
        {
            throw new InvalidDefinitionException("offset", $"{offset}+{data.Length} lies outside the file's {u.Length} bytes", $"0..{u.Length}");
        }

        u.Stream.Position = offset;
        await u.Stream.WriteAsync(data);
    }

    /// <inheritdoc />
    public async Task CommitFileAsync(Guid upload)
    {
        var u = FindUpload(upload);
        _uploads.Remove(upload);
        try
        {
            if (u.Stream.Length != u.Length)
            {
                throw new IOException($"The upload of '{u.Path}' holds {u.Stream.Length} of {u.Length} bytes.");
            }

            u.Stream.Position = 0;
            await (await TargetAsync()).WriteFileAsync(u.Path, Owned(u.Metadata), SyncFileContent.FromStream(u.Stream, u.Length), CancellationToken.None);
        }
        finally
        {
            u.Dispose();
        }
    }

    /// <inheritdoc />
    public async Task WriteSymlinkAsync(string path, string linkTarget, ReplicaMetadata metadata)
        => await (await TargetAsync()).WriteSymlinkAsync(path, linkTarget, Owned(metadata), CancellationToken.None);

    /// <inheritdoc />
    public async Task SetDirectoryMetadataAsync(string path, ReplicaMetadata metadata)
        => await (await TargetAsync()).SetDirectoryMetadataAsync(path, Owned(metadata), CancellationToken.None);

    /// <inheritdoc />
    public async Task DeleteAsync(string path, ReplicaEntryKind kind)
        => await (await TargetAsync()).DeleteAsync(path, (SyncEntryKind)kind, CancellationToken.None);

    /// <inheritdoc />
    public async Task<byte[]> HashFileAsync(string path)
        => await (await TargetAsync()).HashFileAsync(path, CancellationToken.None);

    /// <inheritdoc />
    public async Task<int> RemoveLeftoversAsync()
        => await (await TargetAsync()).RemoveLeftoversAsync(CancellationToken.None);

    /// <inheritdoc />
    public async Task FlushAsync()
        => await (await TargetAsync()).FlushAsync(CancellationToken.None);

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
        _owner = (profile.Definition.Uid, profile.Definition.Gid);
        _target = new LocalDirectoryTarget(root, new AccessScope(profile.Definition.Roots, profile.Definition.Uid, profile.Definition.Gid), _durable);
        LogOpened(logger, user, root);
        return _target;
    }

    /// <summary>The sender's metadata with the owner mapped to the user's profile on this system (call after <see cref="TargetAsync"/>).</summary>
    private EntryMetadata Owned(ReplicaMetadata metadata)
        => metadata.ToEntry() with { Uid = _owner.Uid, Gid = _owner.Gid };

    private Upload FindUpload(Guid id)
        => _uploads.TryGetValue(id, out var upload) ? upload
            : throw new DefinitionNotFoundException($"upload {id} is not open here (the receiver restarted?); the run sends the file again.");

    [LoggerMessage(EventId = 5600, Level = LogLevel.Information, Message = "Replica receiver for {User} opened {Root}")]
    private static partial void LogOpened(ILogger logger, string user, string root);

    private sealed record Upload(string Path, ReplicaMetadata Metadata, long Length, string StagingPath, FileStream Stream) : IDisposable
    {
        public void Dispose()
        {
            Stream.Dispose();
            File.Delete(StagingPath);
        }
    }
}
