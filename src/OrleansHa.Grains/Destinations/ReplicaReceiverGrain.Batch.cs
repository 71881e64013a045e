using OrleansHa.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Destinations;

public sealed partial class ReplicaReceiverGrain
{
    /// <summary>How many files of a batch are written at once (off the turn): small writes are bound by system calls, which overlap.</summary>
    private const int BatchWriters = 4;

    /// <inheritdoc />
    public async Task<IReadOnlyList<string?>> WriteFilesAsync(IReadOnlyList<ReplicaBatchFile> files)
    {
        await TargetAsync();
        // Owners are mapped on the turn (Owned reads the grain's fields); the writes get only these values and the target.
        var owned = files.Select(f => Owned(f.Metadata)).ToArray();
        return await OffTurnAsync($"write a batch of {files.Count} files (the first '{files.FirstOrDefault()?.Path}')", async (target, cancel) =>
        {
            var outcomes = new string?[files.Count];
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = BatchWriters, CancellationToken = cancel };
            await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), parallel, async (k, token) =>
            {
                var file = files[k];
                try
                {
                    using var stream = new MemoryStream(file.Content, writable: false);
                    await target.WriteFileAsync(file.Path, owned[k], SyncFileContent.FromStream(stream, file.Content.Length), token);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    outcomes[k] = e.Message;
                }
            });
            return (IReadOnlyList<string?>)outcomes;
        });
    }
}
