namespace OrleansHa.Sync;

internal sealed partial class SyncRun
{
    /// <summary>
    /// Creates the new directories, parents first; a target that takes batches gets them in batches, in that order.
    /// A failed directory is recorded and its files fail in turn (they have nowhere to go).
    /// </summary>
    private async Task CreateDirectoriesAsync(ISyncTarget target, CancellationToken cancellationToken)
    {
        if (target is IBatchSyncTarget batching)
        {
            foreach (var chunk in _createDirectories.Chunk(batching.BatchLimits.MaxFiles))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var paths = chunk.Select(j => Text(_source.PathBytes(j))).ToArray();
                var outcomes = await BatchOutcomesAsync(() => batching.CreateDirectoriesAsync(paths, cancellationToken), paths.Length).ConfigureAwait(false);
                for (var k = 0; k < chunk.Length; k++)
                {
                    RecordCreated(chunk[k], paths[k], outcomes[k]);
                }
            }

            return;
        }

        foreach (var j in _createDirectories)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Text(_source.PathBytes(j));
            string? failure = null;
            try
            {
                await target.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failure = e.Message;
            }

            RecordCreated(j, path, failure);
        }
    }

    /// <summary>
    /// Gives the touched directories their metadata, children before parents (later writes would disturb a time already
    /// set); a target that takes batches gets them in batches, in that order.
    /// </summary>
    private async Task SetDirectoriesMetadataAsync(ISyncTarget target, CancellationToken cancellationToken)
    {
        var batching = target as IBatchSyncTarget;
        var batch = new List<(int Index, SyncDirectoryMetadata Directory)>();
        for (var j = _source.Count - 1; j >= 0; j--)
        {
            if (!_touchDirectory[j] || _state[j] == Failed)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var path = Text(_source.PathBytes(j));
            string? failure = null;
            try
            {
                var metadata = MetadataFor(j, StatSource(path));
                if (batching is not null)
                {
                    batch.Add((j, new SyncDirectoryMetadata(path, metadata)));
                    if (batch.Count == batching.BatchLimits.MaxFiles)
                    {
                        await SendDirectoryMetadataAsync(batching, batch, cancellationToken).ConfigureAwait(false);
                        batch.Clear();
                    }

                    continue;
                }

                await target.SetDirectoryMetadataAsync(path, metadata, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failure = e.Message;
            }

            RecordDirectoryMetadata(j, path, failure);
        }

        if (batch.Count > 0)
        {
            await SendDirectoryMetadataAsync(batching!, batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendDirectoryMetadataAsync(IBatchSyncTarget target, List<(int Index, SyncDirectoryMetadata Directory)> batch, CancellationToken cancellationToken)
    {
        var directories = batch.Select(b => b.Directory).ToArray();
        var outcomes = await BatchOutcomesAsync(() => target.SetDirectoriesMetadataAsync(directories, cancellationToken), directories.Length).ConfigureAwait(false);
        for (var k = 0; k < batch.Count; k++)
        {
            RecordDirectoryMetadata(batch[k].Index, directories[k].RelativePath, outcomes[k]);
        }
    }

    private void RecordCreated(int j, string path, string? failure)
    {
        if (failure is null)
        {
            _directoriesCreated++;
        }
        else
        {
            _state[j] = Failed;
            Fail(path, failure);
        }

        progress.FileDone(path);
    }

    private void RecordDirectoryMetadata(int j, string path, string? failure)
    {
        if (failure is not null)
        {
            _state[j] = Failed;
            Fail(path, failure);
        }
        else if (_state[j] == Pending)
        {
            _state[j] = Done;
        }
    }

    /// <summary>A batch call's outcomes, one per entry; a failure of the whole call is every entry's failure.</summary>
    private static async Task<IReadOnlyList<string?>> BatchOutcomesAsync(Func<Task<IReadOnlyList<string?>>> call, int count)
    {
        IReadOnlyList<string?> outcomes;
        try
        {
            outcomes = await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [.. Enumerable.Repeat(e.Message, count)];
        }

        return outcomes.Count == count
            ? outcomes
            : throw new InvalidOperationException($"The target answered a batch of {count} entries with {outcomes.Count} outcomes; it must give one per entry, in order.");
    }
}
