namespace OrleansHa.Sync;

internal sealed partial class SyncRun
{
    /// <summary>
    /// Compares source and previous state in one merge over both tables (tree order). Deletions are planned top-down:
    /// deleting a directory removes what is under it, so its descendants need no operations of their own.
    /// </summary>
    public async Task PlanAsync(ISyncTarget target, CancellationToken cancellationToken)
    {
        var ancestors = new Stack<int>(); // source directories enclosing the current path
        var deleteRoot = -1;              // the previous entry being deleted; its descendants go with it
        int i = 0, j = 0;
        while (i < _old.Count || j < _source.Count)
        {
            var order = i < _old.Count && j < _source.Count
                ? EntryTable.Compare(_old.PathBytes(i), _source.PathBytes(j))
                : i < _old.Count ? -1 : 1;
            var path = order < 0 ? _old.PathBytes(i) : _source.PathBytes(j);
            while (ancestors.Count > 0 && !IsStrictlyUnder(path, _source.PathBytes(ancestors.Peek())))
            {
                ancestors.Pop();
            }

            if (order <= 0 && deleteRoot >= 0 && IsStrictlyUnder(_old.PathBytes(i), _old.PathBytes(deleteRoot)))
            {
                _oldState[i] = Drop; // removed with its deleted ancestor
                if (order == 0)
                {
                    PlanNew(j, ancestors);
                }
            }
            else if (order < 0)
            {
                if (PlanOld(i, ancestors))
                {
                    deleteRoot = i;
                }
            }
            else if (order > 0)
            {
                PlanNew(j, ancestors);
            }
            else if (_source[j].Kind != _old[i].Kind && !_options.MirrorDeletes && _old[i].Kind == SyncEntryKind.Directory
                && i + 1 < _old.Count && IsStrictlyUnder(_old.PathBytes(i + 1), _old.PathBytes(i)))
            {
                // Like rsync without --delete: what is inside a directory is never thrown away to make room for a file.
                _state[j] = Failed;
                Fail(Text(_source.PathBytes(j)), "a non-empty directory is in the way at the target; it is replaced only when the file set mirrors deletes");
            }
            else if (_source[j].Kind != _old[i].Kind)
            {
                _deletes.Add(i); // in the way of the new kind, mirror mode or not (as rsync does)
                _oldState[i] = Drop;
                deleteRoot = i;
                PlanNew(j, ancestors);
            }
            else
            {
                PlanSame(j, i, ancestors);
            }

            if (order >= 0)
            {
                if (_source[j].Kind == SyncEntryKind.Directory)
                {
                    ancestors.Push(j);
                }

                j++;
            }

            if (order <= 0)
            {
                i++;
            }
        }

        if (previousFromManifest && !_options.VerifyContent)
        {
            await SkipLandedAsync(target, cancellationToken).ConfigureAwait(false);
        }

        if (_verify.Count > 0)
        {
            await VerifyAsync(target, cancellationToken).ConfigureAwait(false);
        }

        long bytes = 0;
        foreach (var index in _copies)
        {
            bytes += _source[index].Size;
        }

        progress.SetTotals(_deletes.Count + _createDirectories.Count + _copies.Count, bytes);
    }

    /// <summary>An entry only the previous state has. Returns true if it will be deleted (with everything under it).</summary>
    private bool PlanOld(int i, Stack<int> ancestors)
    {
        var path = Text(_old.PathBytes(i));
        var isDirectory = _old[i].Kind == SyncEntryKind.Directory;
        if (IsUnreadable(path))
        {
            return false; // still there at the source, only unreadable now: keep it, never delete it
        }

        if (filter.IsExcludedWithAncestors(path, isDirectory) || !filter.IsIncludedWithAncestors(path, isDirectory))
        {
            _oldState[i] = Drop; // not part of the file set (any more): neither tracked nor deleted, like rsync's protected excludes
            return false;
        }

        if (!_options.MirrorDeletes)
        {
            return false; // stays at the target, and stays in the manifest, so a later mirror run can remove it
        }

        _deletes.Add(i);
        _oldState[i] = Drop;
        TouchParent(ancestors);
        return true;
    }

    private void PlanNew(int j, Stack<int> ancestors)
    {
        TouchParent(ancestors);
        if (_source[j].Kind == SyncEntryKind.Directory)
        {
            if (_source.PathBytes(j).Length > 0)
            {
                _createDirectories.Add(j);
            }

            _touchDirectory[j] = true;
        }
        else
        {
            _copies.Add(j);
        }
    }

    private void PlanSame(int j, int i, Stack<int> ancestors)
    {
        ref var fresh = ref _source[j];
        ref var old = ref _old[i];
        var preserve = _options.PreserveMetadata;
        var sameMeta = !preserve
            || (Effective(fresh.Kind, fresh.Mode) == Effective(old.Kind, old.Mode)
                && (fresh.Kind == SyncEntryKind.Symlink || fresh.Mtime == old.Mtime));
        switch (fresh.Kind)
        {
            case SyncEntryKind.Directory:
                _state[j] = Unchanged;
                _touchDirectory[j] |= !sameMeta;
                break;
            case SyncEntryKind.Symlink when _source.LinkBytes(j).SequenceEqual(_old.LinkBytes(i)):
                _state[j] = Unchanged;
                _skipped++;
                break;
            case SyncEntryKind.File when fresh.Size == old.Size && fresh.Mtime == old.Mtime && sameMeta:
                if (_options.VerifyContent)
                {
                    _verify.Add((j, i));
                }
                else
                {
                    _state[j] = Unchanged;
                    _skipped++;
                }

                break;
            default:
                _copies.Add(j);
                TouchParent(ancestors);
                break;
        }
    }

    private void TouchParent(Stack<int> ancestors)
    {
        if (ancestors.Count > 0)
        {
            _touchDirectory[ancestors.Peek()] = true;
        }
    }

    private static bool IsStrictlyUnder(ReadOnlySpan<byte> path, ReadOnlySpan<byte> directory)
        => directory.Length == 0 ? path.Length > 0 : path.Length > directory.Length && path[directory.Length] == (byte)'/' && path.StartsWith(directory);

    /// <summary>
    /// After an interrupted run the manifest lags behind the target. Before copying, ask the target whether the file is
    /// already there exactly as the source has it (the rsync quick check); if so, it landed last time.
    /// </summary>
    private async Task SkipLandedAsync(ISyncTarget target, CancellationToken cancellationToken)
    {
        var kept = new List<int>(_copies.Count);
        foreach (var batch in _copies.Chunk(1024))
        {
            var paths = batch.Select(j => Text(_source.PathBytes(j))).ToArray();
            IReadOnlyList<TargetEntry?> found;
            try
            {
                found = await target.StatAsync(paths, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                kept.AddRange(batch); // cannot tell: copy
                continue;
            }

            for (var k = 0; k < batch.Length; k++)
            {
                var j = batch[k];
                ref var fresh = ref _source[j];
                var there = found[k];
                var landed = there is not null && there.Kind == fresh.Kind
                    && (fresh.Kind == SyncEntryKind.Symlink
                        ? there.LinkTarget == _source.LinkTarget(j)
                        : there.Size == fresh.Size && (!_options.PreserveMetadata
                            || (there.Mtime == fresh.Mtime && there.Mode == Effective(fresh.Kind, fresh.Mode))));
                if (landed && _options.PreserveMetadata)
                {
                    _state[j] = Unchanged;
                    _skipped++;
                }
                else
                {
                    kept.Add(j);
                }
            }
        }

        _copies.Clear();
        _copies.AddRange(kept);
    }
}
