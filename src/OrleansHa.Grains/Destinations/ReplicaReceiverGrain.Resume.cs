using Microsoft.Extensions.Logging;
using OrleansHa.Destinations;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// Large files: staged uploads that survive the grain, the silo and the sender (see <see cref="StagedUpload"/>). One
/// upload per file at a time: a new one for the same file (the sender started again after losing the last) takes its
/// place, after making what the old one received durable. An upload ends by its commit, which puts the staged file into
/// place (a hard link where the staging folder and the target share a file system, so nothing is copied twice) and
/// removes it; a staged upload nobody resumes is removed after <see cref="ReplicaReceiverOptions.StagedUploadRetention"/>.
/// </summary>
public sealed partial class ReplicaReceiverGrain
{
    /// <inheritdoc />
    public async Task<Guid> BeginFileAsync(string path, ReplicaMetadata metadata, long length)
        => (await OpenUploadAsync(path, metadata, length, restart: true)).Upload;

    /// <inheritdoc />
    public Task<ReplicaUploadOffer> ResumeFileAsync(string path, ReplicaMetadata metadata, long length)
        => OpenUploadAsync(path, metadata, length, restart: false);

    /// <inheritdoc />
    public async Task WriteChunkAsync(Guid upload, long offset, byte[] data)
    {
        // The caller is checked on every call, not only where the upload began: an upload's id is no credential.
        await TargetAsync();
        var staged = FindUpload(upload).Staged;
        if (offset < 0 || offset + data.Length > staged.Length)
        {
            throw new InvalidDefinitionException("offset", $"{offset}+{data.Length} lies outside the file's {staged.Length} bytes", $"0..{staged.Length}");
        }

        // The staging folder is the silo's own local disk: the write itself stays on the turn, as it always did.
        staged.Write(offset, data);
        if (staged.ShouldPersist)
        {
            await PersistAsync(staged);
        }
    }

    /// <inheritdoc />
    public async Task CommitFileAsync(Guid upload)
    {
        await TargetAsync(); // the caller first: a refused commit must leave the upload as it was
        var (staged, metadata) = FindUpload(upload);
        _uploads.Remove(upload);
        var owned = Owned(metadata);
        // The upload left the grain's table above: only this call uses it (an abandoned chunk call finds it gone).
        staged.Dispose();
        await OffTurnAsync($"write '{staged.RelativePath}'", async (target, cancel) =>
        {
            await target.AdoptFileAsync(staged.RelativePath, owned, staged.DataPath, staged.Length, cancel);
            staged.Remove();
            return 0;
        });
    }

    private async Task<ReplicaUploadOffer> OpenUploadAsync(string path, ReplicaMetadata metadata, long length, bool restart)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var target = await TargetAsync();
        var name = StagedUpload.NameFor(Key.User, target.ResolvedRoot, path);
        await CloseUploadsAsync(u => u.Name == name);
        var directory = Path.GetFullPath(options.Value.StagingDirectory);
        var now = time.GetUtcNow();
        var retention = receiverOptions.Value.StagedUploadRetention;
        var (staged, hash, stale) = await Bounded(target.ResolvedRoot, $"stage '{path}'", cancel =>
        {
            var stale = StagedUpload.RemoveStale(directory, now, retention, keep: name);
            var staged = StagedUpload.Open(directory, name, path, length, metadata.MtimeNanoseconds, restart);
            try
            {
                var hash = staged.Durable > 0 ? staged.HashPrefix(staged.Durable, cancel) : [];
                return Task.FromResult((staged, hash, stale));
            }
            catch
            {
                staged.Dispose();
                throw;
            }
        });

        if (stale > 0)
        {
            LogStaleRemoved(logger, directory, stale, retention);
        }

        if (staged.Durable > 0)
        {
            LogResumable(logger, target.ResolvedRoot, path, staged.Durable, length);
        }

        var id = Guid.NewGuid();
        _uploads[id] = new OpenUpload(staged, metadata);
        return new ReplicaUploadOffer(id, staged.Durable, hash);
    }

    /// <summary>Closes the open uploads that match, first making what they received durable; their staged files stay.</summary>
    private async Task CloseUploadsAsync(Func<StagedUpload, bool> which)
    {
        foreach (var (id, open) in _uploads.Where(u => which(u.Value.Staged)).ToList())
        {
            _uploads.Remove(id);
            try
            {
                if (open.Staged.Contiguous > open.Staged.Durable)
                {
                    await PersistAsync(open.Staged);
                }
            }
            catch (IOException e)
            {
                // What was not made durable is sent again; nothing is lost but time.
                LogPersistFailed(logger, e, open.Staged.RelativePath, open.Staged.DataPath);
            }
            finally
            {
                open.Staged.Dispose();
            }
        }
    }

    /// <summary>Fsyncs the staged data and records the contiguous prefix as durable, off the turn and bounded.</summary>
    private async Task PersistAsync(StagedUpload staged)
    {
        var upTo = staged.Contiguous;
        await Bounded(staged.DataPath, $"make '{staged.RelativePath}' durable up to {upTo}", _ =>
        {
            staged.Persist(upTo);
            return Task.FromResult(0);
        });
        staged.MarkDurable(upTo);
        LogDurable(logger, staged.RelativePath, upTo, staged.Length);
    }

    private OpenUpload FindUpload(Guid id)
        => _uploads.TryGetValue(id, out var upload) ? upload
            : throw new DefinitionNotFoundException($"upload {id} is not open here (the receiver restarted, or the sender started the file again); the next run resumes it from what was made durable.");

    [LoggerMessage(EventId = 5620, Level = LogLevel.Information, Message = "Replica receiver at {Root}: {Path} resumes from {Durable} of {Length} bytes staged by an interrupted upload")]
    private static partial void LogResumable(ILogger logger, string root, string path, long durable, long length);

    [LoggerMessage(EventId = 5621, Level = LogLevel.Debug, Message = "Replica receiver: {Path} durable up to {Durable} of {Length} bytes")]
    private static partial void LogDurable(ILogger logger, string path, long durable, long length);

    [LoggerMessage(EventId = 5622, Level = LogLevel.Information, Message = "Replica receiver: removed {Removed} staged files in {Directory} untouched for more than {Retention} (ReplicaReceiver:StagedUploadRetention)")]
    private static partial void LogStaleRemoved(ILogger logger, string directory, int removed, TimeSpan retention);

    [LoggerMessage(EventId = 5623, Level = LogLevel.Warning, Message = "Replica receiver: could not make the staged upload of {Path} ({DataPath}) durable; the next run sends its unrecorded part again")]
    private static partial void LogPersistFailed(ILogger logger, Exception exception, string path, string dataPath);

    /// <summary>An upload open on this activation: its staged file and the metadata the file gets at the commit.</summary>
    private sealed record OpenUpload(StagedUpload Staged, ReplicaMetadata Metadata);
}
