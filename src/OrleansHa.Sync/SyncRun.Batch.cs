using Microsoft.Win32.SafeHandles;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

internal sealed partial class SyncRun
{
    /// <summary>
    /// Copies one directory group through a target that takes batches: its small files are read (each opened and
    /// checked as <see cref="CopyAsync"/> does) into batches within the target's limits, and each batch goes in one
    /// call while the worker reads the next, so a worker keeps one batch in flight as it reads. Links and larger files
    /// go one by one. Every file of a batch is recorded on its own: done only where the target says it landed.
    /// </summary>
    private async Task CopyBatchedAsync(IBatchSyncTarget target, ArraySegment<int> group, CancellationToken cancellationToken)
    {
        var limits = target.BatchLimits;
        // A file big enough for delta transfer goes the usual way, where the engine chooses it.
        var largest = target is Delta.IDeltaSyncTarget ? Math.Min(limits.MaxFileSize, _options.DeltaMinimumSize - 1) : limits.MaxFileSize;
        var batch = new List<Batched>();
        long batchBytes = 0;
        Task? inFlight = null;
        try
        {
            foreach (var j in group)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_source[j].Kind != SyncEntryKind.File || _source[j].Size > largest)
                {
                    await CopyRecordedAsync(target, j, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var path = Text(_source.PathBytes(j));
                Batched? read;
                try
                {
                    read = await ReadSmallFileAsync(j, path, largest, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _state[j] = Failed;
                    Fail(path, e.Message);
                    progress.FileDone(path);
                    continue;
                }

                if (read is null)
                {
                    await CopyRecordedAsync(target, j, cancellationToken).ConfigureAwait(false); // grew past the limit since the scan
                    continue;
                }

                if (batch.Count > 0 && (batch.Count >= limits.MaxFiles || batchBytes + read.File.Content.Length > limits.MaxBytes))
                {
                    inFlight = await SendAfterAsync(inFlight, target, batch, cancellationToken).ConfigureAwait(false);
                    batch = [];
                    batchBytes = 0;
                }

                batch.Add(read);
                batchBytes += read.File.Content.Length;
            }

            if (batch.Count > 0)
            {
                inFlight = await SendAfterAsync(inFlight, target, batch, cancellationToken).ConfigureAwait(false);
            }

            if (inFlight is not null)
            {
                await inFlight.ConfigureAwait(false);
            }
        }
        catch when (inFlight is not null)
        {
            // Let the batch still out finish (and its failure be observed) before the worker gives up.
            await inFlight.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits for the batch in flight, then starts sending <paramref name="batch"/>; returns its task.</summary>
    private async Task<Task> SendAfterAsync(Task? inFlight, IBatchSyncTarget target, List<Batched> batch, CancellationToken cancellationToken)
    {
        if (inFlight is not null)
        {
            await inFlight.ConfigureAwait(false);
        }

        return SendBatchAsync(target, batch, cancellationToken);
    }

    /// <summary>Sends one batch and records each file's outcome (a failure of the whole call is each file's failure).</summary>
    private async Task SendBatchAsync(IBatchSyncTarget target, List<Batched> batch, CancellationToken cancellationToken)
    {
        var files = batch.Select(b => b.File).ToArray();
        var outcomes = await BatchOutcomesAsync(() => target.WriteFilesAsync(files, cancellationToken), files.Length).ConfigureAwait(false);
        for (var k = 0; k < batch.Count; k++)
        {
            var (j, file, hash) = batch[k];
            if (outcomes[k] is { } failure)
            {
                _state[j] = Failed;
                Fail(file.RelativePath, failure);
            }
            else
            {
                if (hash is not null)
                {
                    _source[j].SetHash(hash);
                }

                _state[j] = Done;
                Interlocked.Increment(ref _copied);
                Interlocked.Add(ref _bytes, file.Content.Length);
                progress.AddBytes(file.Content.Length);
            }

            progress.FileDone(file.RelativePath);
        }
    }

    /// <summary>
    /// Reads a small file whole, opened and checked as <see cref="CopyAsync"/> does, and fails if it changed while it
    /// was read. Null when it is now larger than <paramref name="limit"/> (the caller copies it the usual way).
    /// </summary>
    private async Task<Batched?> ReadSmallFileAsync(int j, string path, long limit, CancellationToken cancellationToken)
    {
        using var handle = OpenSourceFile(ParentOf(path), NameOf(path), path, out var opened);
        if (opened.Size > limit)
        {
            return null;
        }

        _source[j].Size = opened.Size; // changed since the scan: copy (and record) what is there now
        _source[j].Mtime = opened.Mtime;
        _source[j].Mode = opened.Permissions;
        var content = new LocalSourceFile(handle, opened, path, _options.VerifyContent);
        var bytes = new byte[opened.Size];
        await foreach (var chunk in content.ReadChunksAsync(cancellationToken).ConfigureAwait(false))
        {
            if (chunk.Offset + chunk.Data.Length > bytes.Length)
            {
                throw new SourceChangedException($"'{path}' grew while it was being copied; the previous copy was kept and the next run copies it again.");
            }

            chunk.Data.CopyTo(bytes.AsMemory((int)chunk.Offset));
        }

        return new Batched(j, new SyncBatchFile(path, MetadataFor(j, opened), bytes), content.Sha256);
    }

    /// <summary>Copies one entry the usual way and records the outcome.</summary>
    private async Task CopyRecordedAsync(ISyncTarget target, int j, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = Text(_source.PathBytes(j));
        try
        {
            await CopyAsync(target, j, path, cancellationToken).ConfigureAwait(false);
            _state[j] = Done;
            Interlocked.Increment(ref _copied);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _state[j] = Failed;
            Fail(path, e.Message);
        }

        progress.FileDone(path);
    }

    /// <summary>
    /// Opens a source file for reading without following a link, and checks what was opened, not what was scanned (the
    /// descriptor is what is read): a regular file the owner may read. <paramref name="opened"/> is its status.
    /// </summary>
    private SafeFileHandle OpenSourceFile(string parent, string name, string path, out StatInfo opened)
    {
        var handle = sourceDirs.Use(parent, dir =>
        {
            var h = Libc.OpenAt(dir, name, Libc.ORdOnly | Libc.ONoFollow, 0, out var errno);
            return h.IsInvalid
                ? throw (errno == Libc.ELOOP
                    ? new SourceChangedException($"'{path}' is now a symbolic link; it is not followed, and the next run copies it as a link.")
                    : Libc.Error("open", path, errno))
                : h;
        });
        try
        {
            opened = StatInfo.Get(handle, string.Empty, path);
            if (!opened.IsFile)
            {
                throw new SourceChangedException($"'{path}' is no longer a regular file; the next run copies what it is now.");
            }

            if (!CanReadSource(opened))
            {
                throw new SyncAccessDeniedException($"'{path}': {access.Denied(opened, "read this file")}");
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>A file read for a batch: its index in the scan, what goes to the target, and its hash in verify mode.</summary>
    private sealed record Batched(int Index, SyncBatchFile File, byte[]? Hash);
}
