using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansHa.Destinations;
using OrleansHa.Sync;
using OrleansHa.Sync.Delta;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// The receiving half of delta transfer. A signature is computed page by page from the file as it is (no state between
/// pages: each carries the file's length and time, and the sender checks they agree). An upload opens the old version
/// (if it is still the one the signature described) and starts its build off the grain's turn, through
/// <see cref="LocalDirectoryTarget.WriteDeltaAsync"/>: the build consumes the batches in their order as the calls hand
/// them over (a batch that arrives early waits in the upload), so a call waits only while the build is a few batches
/// behind, and each wait is bounded by <see cref="ReplicaReceiverOptions.IoTimeout"/>. The commit gives the sender's
/// hash and waits for the build's check and rename. A new upload for the same path abandons an older one (its sender
/// gave up); deactivation abandons all; an abandoned build removes its temporary file and leaves the old version.
/// </summary>
public sealed partial class ReplicaReceiverGrain
{
    /// <summary>The most blocks one signature page may ask for (65,536 blocks are 1.3 MB on the wire).</summary>
    public const int MaxSignatureBlocks = 65536;

    /// <summary>Batches handed to a build and not yet applied; a call waits while the build is this far behind.</summary>
    private const int DeltaBatchesQueued = 4;

    /// <summary>How far ahead of the next batch to apply one may arrive (the sender keeps a few in flight); bounds what an upload holds.</summary>
    private const int MaxBatchesAhead = 64;

    private readonly Dictionary<Guid, DeltaUpload> _deltas = [];

    /// <inheritdoc />
    public async Task<ReplicaSignature?> GetSignatureAsync(string path, long firstBlock, int maxBlocks)
    {
        if (maxBlocks is < 1 or > MaxSignatureBlocks || firstBlock < 0)
        {
            throw new InvalidDefinitionException("signature page", $"{maxBlocks} blocks from block {firstBlock} is not a page", $"1 to {MaxSignatureBlocks} blocks from block 0 or later");
        }

        var page = await OffTurnAsync($"compute the signature of '{path}'", (target, cancel) => target.GetSignatureAsync(path, firstBlock, maxBlocks, cancel));
        return page?.ToReplica();
    }

    /// <inheritdoc />
    public async Task<Guid?> BeginDeltaAsync(string path, ReplicaMetadata metadata, long length, long basisLength, long basisMtimeNanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var target = await TargetAsync();
        var owned = Owned(metadata);
        foreach (var (id, stale) in _deltas.Where(d => d.Value.Path == path).ToList())
        {
            _deltas.Remove(id);
            stale.Abandon();
        }

        var basis = await OffTurnAsync($"open '{path}' as the basis of a delta", (t, _) => Task.FromResult(t.OpenDeltaBasis(path, basisLength, basisMtimeNanoseconds)));
        if (basis is null)
        {
            LogDeltaBasisChanged(logger, target.ResolvedRoot, path);
            return null;
        }

        var upload = new DeltaUpload(path, target.ResolvedRoot);
        upload.Start(target, owned, basis, length);
        var key = Guid.NewGuid();
        _deltas[key] = upload;
        return key;
    }

    /// <inheritdoc />
    public async Task WriteDeltaAsync(Guid upload, int batch, IReadOnlyList<ReplicaDeltaOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        await TargetAsync();
        var u = FindDelta(upload);
        try
        {
            if (batch < u.Next || batch >= u.Next + MaxBatchesAhead || !u.Early.TryAdd(batch, ops))
            {
                throw new InvalidDefinitionException("batch", $"batch {batch} of the delta of '{u.Path}' came twice or too far ahead of batch {u.Next}", $"each batch once, at most {MaxBatchesAhead} ahead of the next one to apply");
            }

            while (u.Early.Remove(u.Next, out var next))
            {
                await HandOverAsync(u, next);
                u.Next++;
            }
        }
        catch
        {
            _deltas.Remove(upload);
            u.Abandon();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<bool> CommitDeltaAsync(Guid upload, int batches, ulong hashHigh, ulong hashLow)
    {
        await TargetAsync();
        var u = FindDelta(upload);
        _deltas.Remove(upload);
        try
        {
            if (u.Next != batches || u.Early.Count > 0)
            {
                throw new IOException($"The delta of '{u.Path}' was committed after {u.Next} of its {batches} batches arrived in order; the run sends the file again.");
            }

            u.Finish(new UInt128(hashHigh, hashLow));
            var built = await Bounded(u.Root, $"build '{u.Path}' from its delta", _ => u.Build);
            if (!built)
            {
                LogDeltaMismatch(logger, u.Root, u.Path);
            }

            return built;
        }
        finally
        {
            u.Abandon(); // a no-op once the build has ended
        }
    }

    /// <summary>Abandons every delta upload (the activation goes).</summary>
    private void AbandonDeltas()
    {
        foreach (var upload in _deltas.Values)
        {
            upload.Abandon();
        }

        _deltas.Clear();
    }

    /// <summary>Hands a batch to the build, waiting at most the I/O timeout for room; a failed build's error comes back here.</summary>
    private async Task HandOverAsync(DeltaUpload u, IReadOnlyList<ReplicaDeltaOp> ops)
    {
        var write = u.Batches.Writer.WriteAsync(ops).AsTask();
        var limit = receiverOptions.Value.IoTimeout;
        try
        {
            await Task.WhenAny(write, u.Build).WaitAsync(limit, time);
        }
        catch (TimeoutException)
        {
            LogTimedOut(logger, u.Root, $"build '{u.Path}' from its delta", limit);
            throw new IOException($"The receiver could not build '{u.Path}' from its delta at {u.Root} within {limit} (ReplicaReceiver:IoTimeout): the file system there does not keep up or does not answer. The run fails here and is retried.");
        }

        if (!write.IsCompleted)
        {
            await u.Build; // ended early: its error, if any, goes to the sender
            throw new IOException($"The build of '{u.Path}' from its delta ended before all its ops arrived; the run sends the file again.");
        }

        await write;
    }

    private DeltaUpload FindDelta(Guid id)
        => _deltas.TryGetValue(id, out var upload) ? upload
            : throw new DefinitionNotFoundException($"delta upload {id} is not open here (the receiver restarted, or a newer upload of the file replaced it); the run sends the file again.");

    [LoggerMessage(EventId = 5610, Level = LogLevel.Information, Message = "Replica receiver at {Root}: {Path} is no longer the version its signature described; the sender copies it whole")]
    private static partial void LogDeltaBasisChanged(ILogger logger, string root, string path);

    [LoggerMessage(EventId = 5611, Level = LogLevel.Warning, Message = "Replica receiver at {Root}: {Path} built from its delta does not match the sender's hash; the old version was kept and the sender copies it whole")]
    private static partial void LogDeltaMismatch(ILogger logger, string root, string path);

    /// <summary>
    /// One delta upload: the batches the calls hand over, in order, and the build that consumes them on the thread
    /// pool. Its fields other than the channel and the build are used on the grain's turn only.
    /// </summary>
    private sealed class DeltaUpload(string path, string root)
    {
        private readonly CancellationTokenSource _cancel = new();
        private UInt128 _hash;

        public string Path => path;

        public string Root => root;

        public Channel<IReadOnlyList<ReplicaDeltaOp>> Batches { get; } = Channel.CreateBounded<IReadOnlyList<ReplicaDeltaOp>>(
            new BoundedChannelOptions(DeltaBatchesQueued) { SingleReader = true, SingleWriter = true });

        public Dictionary<int, IReadOnlyList<ReplicaDeltaOp>> Early { get; } = [];

        public int Next { get; set; }

        public Task<bool> Build { get; private set; } = Task.FromResult(false);

        public void Start(LocalDirectoryTarget target, EntryMetadata metadata, DeltaBasis basis, long length)
        {
            var cancel = _cancel.Token;
            var content = DeltaContent.FromOps(length, ReadAsync(cancel), () => _hash);
            Build = Task.Run(async () =>
            {
                using (basis)
                {
                    return await target.WriteDeltaAsync(path, metadata, basis, content, cancel);
                }
            }, CancellationToken.None);
            _ = Build.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        /// <summary>No more batches; the build checks what it built against <paramref name="hash"/>.</summary>
        public void Finish(UInt128 hash)
        {
            // Written before the channel completes, which the build waits for before it reads the hash.
            _hash = hash;
            Batches.Writer.TryComplete();
        }

        /// <summary>Stops the build if it still runs: its temporary file goes, the old version stays.</summary>
        public void Abandon()
        {
            if (!Build.IsCompleted)
            {
                _cancel.Cancel();
                Batches.Writer.TryComplete(new OperationCanceledException("The delta upload was abandoned."));
            }
        }

        private async IAsyncEnumerable<DeltaOp> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var batch in Batches.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var op in batch)
                {
                    yield return op.ToDelta();
                }
            }
        }
    }
}
