using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

internal sealed partial class SyncRun
{
    /// <summary>
    /// Carries the plan out, in this order: deletions (so a changed kind makes way, and space is freed first), new
    /// directories (parents first, with owner-only permissions until their metadata is set), files and links (in
    /// parallel), directory metadata (children before parents, so later writes do not disturb a time already set),
    /// then a flush that makes the directories durable. A failed path is recorded and the run goes on.
    /// </summary>
    public async Task ApplyAsync(ISyncTarget target, CancellationToken cancellationToken)
    {
        var done = 0;
        try
        {
            for (; done < _deletes.Count; done++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var i = _deletes[done];
                var path = Text(_old.PathBytes(i));
                try
                {
                    await target.DeleteAsync(path, _old[i].Kind, cancellationToken).ConfigureAwait(false);
                    _deleted++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _oldState[i] = Keep;
                    Fail(path, e.Message);
                }

                progress.FileDone(path);
            }
        }
        catch (OperationCanceledException)
        {
            KeepUndoneDeletes(done);
            throw;
        }

        await CreateDirectoriesAsync(target, cancellationToken).ConfigureAwait(false);

        // Workers take a directory's files at a time rather than single files: creating and renaming in one directory
        // takes that directory's lock, so several workers in the same directory mostly wait for each other.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(GroupByDirectory(_copies, _options.Parallelism), parallel, async (group, token) =>
        {
            if (target is IBatchSyncTarget batching)
            {
                await CopyBatchedAsync(batching, group, token).ConfigureAwait(false);
                return;
            }

            foreach (var j in group)
            {
                await CopyRecordedAsync(target, j, token).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        await SetDirectoriesMetadataAsync(target, cancellationToken).ConfigureAwait(false);

        foreach (var j in _createDirectories)
        {
            // A new directory whose metadata step was never reached (none is, when nothing failed) still landed.
            if (_state[j] == Pending)
            {
                _state[j] = Done;
            }
        }

        await target.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A cancelled run saves its manifest: the deletions it did not reach (from <paramref name="first"/> on, the one
    /// cancelled mid-way included, and what lies under each) are still at the target, so the manifest keeps them and
    /// the next run deletes them. Planning marked them dropped, as if already gone.
    /// </summary>
    private void KeepUndoneDeletes(int first)
    {
        for (var d = first; d < _deletes.Count; d++)
        {
            var i = _deletes[d];
            _oldState[i] = Keep;
            for (var k = i + 1; k < _old.Count && IsStrictlyUnder(_old.PathBytes(k), _old.PathBytes(i)); k++)
            {
                _oldState[k] = Keep;
            }
        }
    }

    /// <summary>
    /// Splits the copies (in tree order) into runs that share a parent directory, each at most a fair share of the
    /// whole, so a tree of many directories keeps the workers in different directories and one huge directory is
    /// still spread over all of them.
    /// </summary>
    private List<ArraySegment<int>> GroupByDirectory(List<int> copies, int parallelism)
    {
        var all = copies.ToArray();
        var limit = Math.Max(64, all.Length / (parallelism * 4));
        var groups = new List<ArraySegment<int>>();
        var start = 0;
        for (var k = 1; k <= all.Length; k++)
        {
            if (k == all.Length || k - start >= limit || !ParentBytes(_source.PathBytes(all[k])).SequenceEqual(ParentBytes(_source.PathBytes(all[start]))))
            {
                groups.Add(new ArraySegment<int>(all, start, k - start));
                start = k;
            }
        }

        return groups;
    }

    private static ReadOnlySpan<byte> ParentBytes(ReadOnlySpan<byte> path)
    {
        var slash = path.LastIndexOf((byte)'/');
        return slash < 0 ? [] : path[..slash];
    }

    private async Task CopyAsync(ISyncTarget target, int j, string path, CancellationToken cancellationToken)
    {
        var parent = ParentOf(path);
        var name = NameOf(path);
        if (_source[j].Kind == SyncEntryKind.Symlink)
        {
            var (link, stat) = sourceDirs.Use(parent, dir =>
            {
                var s = StatInfo.Get(dir, name, path);
                return s.IsSymlink
                    ? (DirectoryReader.ReadLink(dir, name, path), s)
                    : throw new SourceChangedException($"'{path}' is no longer a symbolic link; the next run copies what it is now.");
            });
            await target.WriteSymlinkAsync(path, link, MetadataFor(j, stat), cancellationToken).ConfigureAwait(false);
            return;
        }

        using var handle = OpenSourceFile(parent, name, path, out var opened);
        _source[j].Size = opened.Size; // changed since the scan: copy (and record) what is there now
        _source[j].Mtime = opened.Mtime;
        _source[j].Mode = opened.Permissions;
        var content = await TryDeltaAsync(target, j, path, handle, opened, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            content = new LocalSourceFile(handle, opened, path, _options.VerifyContent);
            await target.WriteFileAsync(path, MetadataFor(j, opened), content, cancellationToken).ConfigureAwait(false);
        }

        if (content.Sha256 is { } hash)
        {
            _source[j].SetHash(hash);
        }

        Interlocked.Add(ref _bytes, opened.Size);
        Interlocked.Add(ref _resumed, content.ReadFrom); // a resumed transfer sent only what followed
        progress.AddBytes(opened.Size);
    }

    /// <summary>Verify mode: a file whose size and time match is still hashed, and copied if the content differs.</summary>
    private async Task VerifyAsync(ISyncTarget target, CancellationToken cancellationToken)
    {
        var mismatched = new System.Collections.Concurrent.ConcurrentBag<int>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(_verify, parallel, async (pair, token) =>
        {
            var (j, i) = pair;
            var path = Text(_source.PathBytes(j));
            try
            {
                var sourceHash = sourceDirs.Use(ParentOf(path), dir =>
                {
                    using var h = Libc.OpenAt(dir, NameOf(path), Libc.ORdOnly | Libc.ONoFollow, 0, out var errno);
                    if (h.IsInvalid)
                    {
                        throw Libc.Error("open", path, errno);
                    }

                    var s = StatInfo.Get(h, string.Empty, path);
                    return CanReadSource(s)
                        ? LocalSourceFile.HashWhole(h, s.Size, path)
                        : throw new SyncAccessDeniedException($"'{path}': {access.Denied(s, "read this file")}");
                });
                var same = _old[i].HasHash
                    ? _old[i].SameHash(sourceHash)
                    : (await target.HashFileAsync(path, token).ConfigureAwait(false)).AsSpan().SequenceEqual(sourceHash);
                if (same)
                {
                    _source[j].SetHash(sourceHash);
                    _state[j] = Unchanged;
                    Interlocked.Increment(ref _skipped);
                }
                else
                {
                    mismatched.Add(j);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                mismatched.Add(j); // the target copy cannot be checked: write it again
            }
        }).ConfigureAwait(false);

        foreach (var j in mismatched.Order())
        {
            _copies.Add(j);
            var parent = _source.IndexOf(System.Text.Encoding.UTF8.GetBytes(ParentOf(Text(_source.PathBytes(j)))));
            if (parent >= 0)
            {
                _touchDirectory[parent] = true;
            }
        }
    }
}
